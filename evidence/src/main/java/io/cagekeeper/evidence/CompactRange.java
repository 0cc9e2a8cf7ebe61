package io.cagekeeper.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an append-only Merkle tree: the roots of the perfect subtrees that make up leaves
 * {@code [0, size)}, one per set bit of the size, largest first. Appending a leaf costs O(log n) hashes
 * and hands every perfect subtree it completes to a {@link NodeSink}, so a log stores each node exactly
 * once and a proof never recomputes more than O(log n) of them. Not thread-safe: a log has one appender.
 */
public final class CompactRange {

    /** Receives each perfect subtree as it completes (level 0: the leaf itself). */
    @FunctionalInterface
    public interface NodeSink {
        void node(int level, long index, byte[] hash);
    }

    private final List<byte[]> hashes = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private long size;

    /** The empty tree. */
    public CompactRange() {
    }

    /** The edge of the tree of {@code size} leaves, read from its stored perfect subtrees. */
    public static CompactRange of(long size, Merkle.Nodes nodes) {
        CompactRange r = new CompactRange();
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if ((size & width) != 0) {
                r.hashes.add(nodes.node(level, start >> level));
                r.levels.add(level);
                start += width;
            }
        }
        r.size = size;
        return r;
    }

    /** An independent copy: appends to it leave this one as it was (a batch is appended to a copy until it commits). */
    public CompactRange copy() {
        CompactRange r = new CompactRange();
        r.hashes.addAll(hashes);
        r.levels.addAll(levels);
        r.size = size;
        return r;
    }

    public long size() {
        return size;
    }

    /** Appends the leaf with hash {@code leafHash} as leaf number {@link #size()}. */
    public void append(byte[] leafHash, NodeSink sink) {
        long index = size;
        sink.node(0, index, leafHash);
        byte[] h = leafHash;
        int level = 0;
        while (!levels.isEmpty() && levels.get(levels.size() - 1) == level) {
            byte[] left = hashes.remove(hashes.size() - 1);
            levels.remove(levels.size() - 1);
            h = Merkle.nodeHash(left, h);
            level++;
            sink.node(level, index >> level, h);
        }
        hashes.add(h);
        levels.add(level);
        size++;
    }

    /** The root hash of leaves {@code [0, size)}. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return Merkle.emptyRoot();
        }
        byte[] r = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            r = Merkle.nodeHash(hashes.get(i), r);
        }
        return r;
    }
}
