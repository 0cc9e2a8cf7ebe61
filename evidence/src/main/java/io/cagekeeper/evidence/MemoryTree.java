package io.cagekeeper.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole Merkle tree in memory (every perfect subtree kept): for verifying a range of leaves offline
 * and for tests. A log of millions of leaves keeps its nodes in a database instead.
 */
public final class MemoryTree implements Merkle.Nodes {

    private final List<List<byte[]>> levels = new ArrayList<>();
    private final CompactRange edge = new CompactRange();

    public void append(byte[] leafHash) {
        edge.append(leafHash, (level, index, hash) -> {
            while (levels.size() <= level) {
                levels.add(new ArrayList<>());
            }
            levels.get(level).add(hash);
        });
    }

    public long size() {
        return edge.size();
    }

    public byte[] root() {
        return edge.root();
    }

    @Override
    public byte[] node(int level, long index) {
        if (level >= levels.size() || index >= levels.get(level).size()) {
            throw new IllegalArgumentException("no complete subtree at level " + level + " index " + index);
        }
        return levels.get(level).get((int) index);
    }
}
