package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MerklePropertiesTest {

    private static MemoryTree tree(int size) {
        MemoryTree t = new MemoryTree();
        for (int i = 0; i < size; i++) {
            t.append(leaf(i));
        }
        return t;
    }

    private static byte[] leaf(int i) {
        return Merkle.leafHash(ByteBuffer.allocate(4).putInt(i).array());
    }

    @Property(tries = 300)
    void everyInclusionProofVerifiesAndNoOtherLeafOrSizeDoes(@ForAll @IntRange(min = 1, max = 300) int size,
                                                            @ForAll @IntRange(min = 0, max = 299) int at) {
        int index = at % size;
        MemoryTree t = tree(size);
        List<byte[]> proof = Merkle.inclusionProof(index, size, t);
        assertThat(Merkle.verifyInclusion(index, size, leaf(index), proof, t.root())).isTrue();
        assertThat(Merkle.verifyInclusion(index, size, leaf(index + 1), proof, t.root())).as("another leaf").isFalse();
        assertThat(Merkle.verifyInclusion(index, size + 1, leaf(index), proof, tree(size + 1).root())).as("a larger tree").isFalse();
        if (size > 1) {
            assertThat(Merkle.verifyInclusion((index + 1) % size, size, leaf(index), proof, t.root())).as("another index").isFalse();
            List<byte[]> bent = new ArrayList<>(proof);
            byte[] flipped = bent.get(0).clone();
            flipped[0] ^= 1;
            bent.set(0, flipped);
            assertThat(Merkle.verifyInclusion(index, size, leaf(index), bent, t.root())).as("a changed proof").isFalse();
        }
    }

    @Property(tries = 300)
    void everyConsistencyProofVerifiesAndARewrittenPrefixDoesNot(@ForAll @IntRange(min = 1, max = 300) int second,
                                                                @ForAll @IntRange(min = 1, max = 300) int at) {
        int first = 1 + (at - 1) % second;
        MemoryTree t = tree(second);
        byte[] oldRoot = Merkle.root(first, t);
        List<byte[]> proof = Merkle.consistencyProof(first, second, t);
        assertThat(Merkle.verifyConsistency(first, second, oldRoot, t.root(), proof)).isTrue();
        MemoryTree rewritten = new MemoryTree();
        for (int i = 0; i < second; i++) {
            rewritten.append(i == first - 1 ? leaf(-1) : leaf(i));
        }
        assertThat(Merkle.verifyConsistency(first, second, oldRoot, rewritten.root(),
                Merkle.consistencyProof(first, second, rewritten))).as("a rewritten leaf of the old tree").isFalse();
        byte[] otherRoot = Merkle.root(first, rewritten);
        assertThat(Merkle.verifyConsistency(first, second, otherRoot, t.root(), proof)).as("another old root").isFalse();
    }

    @Property(tries = 100)
    void anEdgeReadFromStoredNodesContinuesTheSameTree(@ForAll @IntRange(min = 0, max = 200) int size,
                                                       @ForAll @IntRange(min = 1, max = 50) int more) {
        MemoryTree full = tree(size + more);
        MemoryTree prefix = tree(size);
        CompactRange edge = CompactRange.of(size, prefix);
        assertThat(edge.root()).isEqualTo(Merkle.root(size, full));
        for (int i = size; i < size + more; i++) {
            edge.append(leaf(i), (l, x, h) -> assertThat(h).isEqualTo(full.node(l, x)));
        }
        assertThat(edge.root()).isEqualTo(full.root());
    }
}
