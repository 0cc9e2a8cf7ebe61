package io.cagekeeper.gateway.bench;

import java.time.Instant;

/**
 * When each door's lock relay was energised, as the simulated modules saw it (their CoilListener
 * timestamps, taken when the write changed the relay). A write to a relay whose pulse is still running
 * changes nothing and so is not seen here: the benchmark spaces each door's credentials further apart
 * than the pulse, and counts what it could not match.
 */
final class RelayLog {

    /** Per door, its energise times (epoch ns) in a growing primitive array: nothing boxed, 300,000 of them a run. */
    private final long[][] times;
    private final int[] counts;

    RelayLog(int doors) {
        times = new long[doors][64];
        counts = new int[doors];
    }

    int doors() {
        return times.length;
    }

    /** Called on a module's event thread. */
    synchronized void record(int door, Instant at) {
        if (counts[door] == times[door].length) {
            times[door] = java.util.Arrays.copyOf(times[door], times[door].length * 2);
        }
        times[door][counts[door]++] = EpochNanos.of(at);
    }

    /** Takes (and forgets) the energise times of {@code door}, in order. */
    synchronized long[] drain(int door) {
        long[] out = java.util.Arrays.copyOf(times[door], counts[door]);
        counts[door] = 0;
        return out;
    }

    void clear() {
        for (int i = 0; i < times.length; i++) {
            drain(i);
        }
    }
}
