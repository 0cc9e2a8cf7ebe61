package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.model.CardNumber;
import org.junit.jupiter.api.Test;

/**
 * What the two lookup tables cost, which is part of what they promise: a million ids in 1.33M slots and
 * a million badges in 1.43M (the snapshot's heap at 1M credentials, issue 11), growth exactly at the
 * stated load, lookups a probe or two from home for the ids and cards a site really has, and a patched
 * copy that pays one chunk per chunk it writes (never the whole table).
 */
class LookupTablesCostTest {

    @Test
    void theStringTableIsSizedForThreeQuartersAndGrowsOnlyPastIt() {
        assertThat(new StringIntTable(0).capacity()).as("the smallest table").isEqualTo(8);
        assertThat(new StringIntTable(1_000_000).capacity()).isEqualTo(1_333_334);
        StringIntTable t = new StringIntTable(5);
        assertThat(t.capacity()).isEqualTo(8);
        for (int i = 0; i < 6; i++) {
            t.put("id-" + i, i);
        }
        assertThat(t.capacity()).as("6 of 8 is three quarters: no growth yet").isEqualTo(8);
        t.put("id-6", 6);
        assertThat(t.capacity()).as("the seventh id passes three quarters").isEqualTo(16);
        for (int i = 0; i < 7; i++) {
            assertThat(t.get("id-" + i)).isEqualTo(i);
        }
    }

    @Test
    void theCardTableIsSizedForSevenTenthsAndGrowsOnlyPastEightTenths() {
        assertThat(new CardTable(0).capacity()).isEqualTo(8);
        assertThat(new CardTable(1_000_000).capacity()).isEqualTo(1_428_572);
        CardTable t = new CardTable(10);
        assertThat(t.capacity()).isEqualTo(15);
        for (int i = 0; i < 12; i++) {
            t.put(i * 7L, i, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        }
        assertThat(t.capacity()).as("12 of 15 is eight tenths: no growth yet").isEqualTo(15);
        t.put(12 * 7L, 12, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        assertThat(t.capacity()).isEqualTo(30);
        for (int i = 0; i < 13; i++) {
            assertThat(t.credential(t.slot(i * 7L))).isEqualTo(i);
        }
    }

    @Test
    void aCardTablesSlotsTakeFortyBytesEachAndNotOneMore() {
        for (int expected : new int[] {0, 1, 179, 180, 181, 5_000, 100_000}) {
            CardTable t = new CardTable(expected);
            assertThat(t.bytes()).as("sized for %d", expected).isEqualTo(t.capacity() * 40L);
        }
    }

    @Test
    void sequentialCardNumbersSitAProbeOrLessFromHome() {
        CardTable t = new CardTable(100_000);
        int n = 0;
        for (int facility = 1; facility <= 4; facility++) {
            for (int card = 1; card <= 25_000; card++) {
                t.put(PolicySnapshot.cardKey(CardNumber.h10301(facility, card)), n++, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
            }
        }
        double mean = (double) t.displacement() / t.size();
        // linear probing at a load of 0.7 with a uniform hash: about 1.17 probes past home on average
        assertThat(mean).as("mean probes past home").isLessThan(1.5);
    }

    @Test
    void sequentialIdsSitAProbeOrLessFromHome() {
        StringIntTable t = new StringIntTable(100_000);
        for (int i = 0; i < 100_000; i++) {
            t.put(String.format("p-%06d", i), i);
        }
        assertThat((double) t.displacement() / t.size()).as("mean probes past home").isLessThan(1.5);
    }

    @Test
    void filledFromScratchATableCopiesNothingAndAPatchedCopyPaysPerChunkWritten() {
        StringIntTable ids = new StringIntTable(0);
        CardTable cards = new CardTable(0);
        for (int i = 0; i < 20_000; i++) {
            ids.put("c-" + i, i);
            cards.put(i * 31L, i, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        }
        assertThat(ids.chunksCopied()).as("a table being compiled owns all its chunks").isZero();
        assertThat(cards.chunksCopied()).isZero();

        StringIntTable idsCopy = ids.freeze().copy();
        idsCopy.put("c-7", 70);
        assertThat(idsCopy.chunksCopied()).as("one id given a new index: its value chunk (the key stays)").isEqualTo(1);
        idsCopy.put("c-7", 71);
        assertThat(idsCopy.chunksCopied()).as("the same chunk again: already its own").isEqualTo(1);
        assertThat(ids.get("c-7")).isEqualTo(7);

        CardTable cardsCopy = cards.freeze().copy();
        cardsCopy.update(7 * 31L, 70, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        cardsCopy.update(7 * 31L, 71, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        assertThat(cardsCopy.chunksCopied()).as("one badge rewritten twice: one chunk").isEqualTo(1);
        assertThat(cards.credential(cards.slot(7 * 31L))).isEqualTo(7);
    }

    @Test
    void displacementCountsEachProbePastHomeExactly() {
        StringIntTable t = new StringIntTable(5);
        assertThat(t.displacement()).isZero();
        t.put("AaAa", 0);
        assertThat(t.displacement()).as("alone in its home slot").isZero();
        t.put("BBBB", 1);   // the same hash code: the next slot
        t.put("AaBB", 2);
        t.put("BBAa", 3);
        assertThat(t.displacement()).isEqualTo(0 + 1 + 2 + 3);
        t.remove("AaAa");
        assertThat(t.displacement()).as("shifted back a slot each").isEqualTo(0 + 1 + 2);

        // two badges with the same home slot in an 8-slot table: the second lands one further on
        long a = 1;
        CardTable alone = new CardTable(0);
        alone.put(a, 0, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        int homeOfA = alone.slot(a);
        long b = -1;
        for (long k = 2; b < 0 && k < 10_000; k++) {
            CardTable probe = new CardTable(0);
            probe.put(k, 0, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
            if (probe.slot(k) == homeOfA) {
                b = k;
            }
        }
        assertThat(b).as("a key sharing the first one's home").isPositive();
        CardTable both = new CardTable(0);
        both.put(a, 0, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        both.put(b, 1, -1, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        assertThat(both.displacement()).isEqualTo(1);
        assertThat(both.slot(b)).isEqualTo((homeOfA + 1) % both.capacity());
    }
}
