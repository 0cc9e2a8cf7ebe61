package io.cagekeeper.reconciliation.match;

import java.util.SplittableRandom;

/**
 * A uniform sample of fixed size from a stream of unknown length (Vitter's algorithm R), seeded, so
 * that the same inputs and seed give the same sample: an auditor re-performs it from the seed printed
 * in the report. Holds event ids only.
 */
public final class Reservoir {

    private final long[] ids;
    private final SplittableRandom random;
    private long seen;

    public Reservoir(int size, long seed) {
        this.ids = new long[size];
        this.random = new SplittableRandom(seed);
    }

    public void offer(long id) {
        if (seen < ids.length) {
            ids[(int) seen] = id;
        } else {
            long j = random.nextLong(seen + 1);
            if (j < ids.length) {
                ids[(int) j] = id;
            }
        }
        seen++;
    }

    /** The sampled ids, ascending. */
    public long[] sample() {
        long[] out = java.util.Arrays.copyOf(ids, (int) Math.min(seen, ids.length));
        java.util.Arrays.sort(out);
        return out;
    }

    public long population() {
        return seen;
    }
}
