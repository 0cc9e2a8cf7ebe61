package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The copy-on-write chunked arrays a snapshot's bulky rows live in: they read as zeros up to their
 * length, grow on a write past it, a copy shares everything until written and a write to a copy never
 * shows in the original, and a frozen (published) array refuses every write.
 */
class ChunksTest {

    private static final int SIZE = Chunks.SIZE;

    @Test
    void aLengthNeedsOneChunkPerFullOrStartedRunOfEntriesAndNeverNone() {
        assertThat(Chunks.chunksFor(0)).isEqualTo(1);
        assertThat(Chunks.chunksFor(1)).isEqualTo(1);
        assertThat(Chunks.chunksFor(SIZE)).isEqualTo(1);
        assertThat(Chunks.chunksFor(SIZE + 1)).isEqualTo(2);
        assertThat(Chunks.chunksFor(3 * SIZE)).isEqualTo(3);
        assertThat(Chunks.chunksFor(3 * SIZE + 7)).isEqualTo(4);
    }

    @Test
    void aFreshArrayReadsAsZerosUpToItsLastEntry() {
        for (int length : new int[] {0, 1, SIZE, SIZE + 1, 2 * SIZE + 5}) {
            int last = Math.max(0, length - 1);
            assertThat(new Chunks.Ints(length).get(last)).as("ints of %d", length).isZero();
            assertThat(new Chunks.Longs(length).get(last)).as("longs of %d", length).isZero();
            assertThat(new Chunks.Refs<String>(length).get(last)).as("refs of %d", length).isNull();
        }
    }

    @Test
    void aWriteAtTheFirstIndexPastTheChunksGrowsTheArrayAndKeepsWhatWasThere() {
        Chunks.Ints ints = new Chunks.Ints(1);
        Chunks.Longs longs = new Chunks.Longs(1);
        Chunks.Refs<String> refs = new Chunks.Refs<>(1);
        for (int i = 0; i <= 3 * SIZE; i += SIZE / 2) {
            ints.set(i, i + 1);
            longs.set(i, i + 1L << 40);
            refs.set(i, "r" + i);
        }
        for (int i = 0; i <= 3 * SIZE; i += SIZE / 2) {
            assertThat(ints.get(i)).isEqualTo(i + 1);
            assertThat(longs.get(i)).isEqualTo(i + 1L << 40);
            assertThat(refs.get(i)).isEqualTo("r" + i);
        }
        assertThat(ints.get(SIZE + 1)).as("untouched entries of a grown chunk").isZero();
        assertThat(longs.get(2 * SIZE + 3)).isZero();
        assertThat(refs.get(3 * SIZE + 1)).isNull();
    }

    @Test
    void aWriteFarBeyondTheEndGrowsTheArrayToReachIt() {
        Chunks.Ints ints = new Chunks.Ints(1);
        Chunks.Longs longs = new Chunks.Longs(1);
        Chunks.Refs<String> refs = new Chunks.Refs<>(1);
        int far = 10 * SIZE + 17;
        ints.set(far, 5);
        longs.set(far, -5L);
        refs.set(far, "far");
        assertThat(ints.get(far)).isEqualTo(5);
        assertThat(longs.get(far)).isEqualTo(-5L);
        assertThat(refs.get(far)).isEqualTo("far");
        assertThat(ints.get(far - 1)).isZero();
        assertThat(longs.get(far + 1)).isZero();
        assertThat(refs.get(far + 1)).isNull();
    }

    @Test
    void aWriteToACopyNeverShowsInTheOriginalAndKeepsTheRestOfItsChunk() {
        Chunks.Ints ints = new Chunks.Ints(2 * SIZE);
        Chunks.Longs longs = new Chunks.Longs(2 * SIZE);
        Chunks.Refs<String> refs = new Chunks.Refs<>(2 * SIZE);
        for (int i = 0; i < 2 * SIZE; i++) {
            ints.set(i, i);
            longs.set(i, -i);
            refs.set(i, "v" + i);
        }
        Chunks.Ints intCopy = ints.freeze().copy();
        Chunks.Longs longCopy = longs.freeze().copy();
        Chunks.Refs<String> refCopy = refs.freeze().copy();
        for (int i : new int[] {3, 4, SIZE + 9}) {   // twice in chunk 0 (owned after the first), once in chunk 1
            intCopy.set(i, 1000 + i);
            longCopy.set(i, 1000L + i);
            refCopy.set(i, "w" + i);
        }
        for (int i = 0; i < 2 * SIZE; i++) {
            assertThat(ints.get(i)).isEqualTo(i);
            assertThat(longs.get(i)).isEqualTo(-i);
            assertThat(refs.get(i)).isEqualTo("v" + i);
            boolean written = i == 3 || i == 4 || i == SIZE + 9;
            assertThat(intCopy.get(i)).isEqualTo(written ? 1000 + i : i);
            assertThat(longCopy.get(i)).isEqualTo(written ? 1000L + i : -i);
            assertThat(refCopy.get(i)).isEqualTo(written ? "w" + i : "v" + i);
        }
    }

    @Test
    void aCopyOfACopyLeavesBothBeforeItUntouched() {
        Chunks.Refs<String> a = new Chunks.Refs<>(1);
        a.set(0, "a");
        a.freeze();
        Chunks.Refs<String> b = a.copy();
        b.set(0, "b");
        b.set(SIZE, "b2");
        b.freeze();
        Chunks.Refs<String> c = b.copy();
        c.set(0, "c");
        c.set(SIZE, "c2");
        assertThat(a.get(0)).isEqualTo("a");
        assertThat(b.get(0)).isEqualTo("b");
        assertThat(b.get(SIZE)).isEqualTo("b2");
        assertThat(c.get(0)).isEqualTo("c");
        assertThat(c.get(SIZE)).isEqualTo("c2");
    }

    @Test
    void aFrozenArrayRefusesEveryWriteAndStaysAsItWas() {
        Chunks.Ints ints = new Chunks.Ints(1);
        ints.set(0, 7);
        Chunks.Longs longs = new Chunks.Longs(1);
        longs.set(0, 7);
        Chunks.Refs<String> refs = new Chunks.Refs<>(1);
        refs.set(0, "seven");
        assertThat(ints.freeze()).isSameAs(ints);
        assertThat(longs.freeze()).isSameAs(longs);
        assertThat(refs.freeze()).isSameAs(refs);
        for (int i : new int[] {0, 1, SIZE, 5 * SIZE}) {
            assertThatThrownBy(() -> ints.set(i, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
            assertThatThrownBy(() -> longs.set(i, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
            assertThatThrownBy(() -> refs.set(i, "x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
        }
        assertThat(ints.get(0)).isEqualTo(7);
        assertThat(longs.get(0)).isEqualTo(7);
        assertThat(refs.get(0)).isEqualTo("seven");
        Chunks.Ints again = ints.copy();
        again.set(0, 8);
        assertThat(again.get(0)).as("a copy of a frozen array is writable").isEqualTo(8);
        assertThat(ints.get(0)).isEqualTo(7);
    }

    @Test
    void aCopyGrownByAWriteLeavesTheOriginalAtItsLength() {
        Chunks.Longs original = new Chunks.Longs(SIZE);
        original.set(SIZE - 1, 42);
        original.freeze();
        Chunks.Longs copy = original.copy();
        copy.set(SIZE, 43);
        copy.set(SIZE - 1, 44);
        assertThat(copy.get(SIZE)).isEqualTo(43);
        assertThat(copy.get(SIZE - 1)).isEqualTo(44);
        assertThat(original.get(SIZE - 1)).isEqualTo(42);
        assertThatThrownBy(() -> original.get(SIZE)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    /** What a patch costs: one copied chunk per chunk of a shared array it writes, however often, and none when fresh or grown. */
    @Test
    void aCopyPaysOneChunkForEachSharedChunkItWritesAndAFreshArrayNone() {
        Chunks.Ints ints = new Chunks.Ints(3 * SIZE);
        Chunks.Longs longs = new Chunks.Longs(3 * SIZE);
        Chunks.Refs<String> refs = new Chunks.Refs<>(3 * SIZE);
        for (int i = 0; i < 3 * SIZE; i++) {
            ints.set(i, i);
            longs.set(i, i);
            refs.set(i, "r");
        }
        assertThat(ints.chunksCopied() + longs.chunksCopied() + refs.chunksCopied()).as("a fresh array owns its chunks").isZero();
        Chunks.Ints ic = ints.freeze().copy();
        Chunks.Longs lc = longs.freeze().copy();
        Chunks.Refs<String> rc = refs.freeze().copy();
        for (int i : new int[] {5, 6, SIZE - 1, 2 * SIZE}) {
            ic.set(i, -1);
            lc.set(i, -1);
            rc.set(i, "x");
        }
        assertThat(ic.chunksCopied()).as("four writes into two chunks").isEqualTo(2);
        assertThat(lc.chunksCopied()).isEqualTo(2);
        assertThat(rc.chunksCopied()).isEqualTo(2);
        ic.set(5 * SIZE, 1);
        lc.set(5 * SIZE, 1);
        rc.set(5 * SIZE, "y");
        assertThat(ic.chunksCopied()).as("a chunk added past the end is new, not a copy").isEqualTo(2);
        assertThat(lc.chunksCopied()).isEqualTo(2);
        assertThat(rc.chunksCopied()).isEqualTo(2);
        assertThat(ic.get(5 * SIZE)).isEqualTo(1);
        assertThat(ints.get(5)).isEqualTo(5);
        assertThat(longs.get(2 * SIZE)).isEqualTo(2 * SIZE);
        assertThat(refs.get(SIZE - 1)).isEqualTo("r");
    }
}
