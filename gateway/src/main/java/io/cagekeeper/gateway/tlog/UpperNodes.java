package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.Merkle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tree's stored nodes at level {@link #MIN_LEVEL} and above, in memory, so an inclusion proof reads
 * only the few nodes below (which it fetches with its leaf, in the same query). Nodes of an append-only
 * tree never change once complete, so the cache is never invalidated: it is filled from
 * {@code tlog_nodes} when the appender loads and extended by each batch after its commit. Bounded: one
 * hash per 2^{@code MIN_LEVEL} leaves at that level, half as many at each level above, so about
 * {@code 32 / 2^(MIN_LEVEL-1)} bytes a leaf (0.25 B: 2.5 MB for 10M leaves). Thread-safe: the appender
 * adds on its context, proofs read on the API's.
 */
final class UpperNodes {

    /** The lowest cached level: a proof's nodes below it lie inside its leaf's block of 256 leaves. */
    static final int MIN_LEVEL = 8;

    /** Per level above MIN_LEVEL: the hashes of nodes 0 … count-1, 32 bytes each. */
    private final List<byte[]> levels = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();

    /**
     * Adds node {@code (level, index)}; nodes of a level arrive in index order (as the appender completes
     * them, as the stored nodes are read back). Lower levels are ignored, and so is a node after a gap (stored
     * nodes cut from the database): nothing beyond it is held, and proofs read those from the database, which
     * fails them as before. Never throws: it runs after a batch has committed.
     */
    synchronized void add(int level, long index, byte[] hash) {
        if (level < MIN_LEVEL) {
            return;
        }
        int l = level - MIN_LEVEL;
        while (levels.size() <= l) {
            levels.add(new byte[Merkle.HASH_SIZE * 16]);
            counts.add(0);
        }
        int count = counts.get(l);
        if (index != count) {
            return; // already held (a reload), or after a gap
        }
        byte[] a = levels.get(l);
        if ((long) (count + 1) * Merkle.HASH_SIZE > a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            levels.set(l, a);
        }
        System.arraycopy(hash, 0, a, count * Merkle.HASH_SIZE, Merkle.HASH_SIZE);
        counts.set(l, count + 1);
    }

    /** The node's hash, or null when it is below MIN_LEVEL or not (yet) held. */
    synchronized byte[] get(int level, long index) {
        int l = level - MIN_LEVEL;
        if (l < 0 || l >= levels.size() || index < 0 || index >= counts.get(l)) {
            return null;
        }
        int from = (int) index * Merkle.HASH_SIZE;
        return Arrays.copyOfRange(levels.get(l), from, from + Merkle.HASH_SIZE);
    }
}
