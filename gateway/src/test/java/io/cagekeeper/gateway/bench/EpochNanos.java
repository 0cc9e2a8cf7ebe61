package io.cagekeeper.gateway.bench;

import java.time.Instant;

/**
 * One time scale for the whole benchmark. The simulators stamp relays and indications with
 * {@link Instant#now()} (microseconds on Linux), the publisher schedules with {@link System#nanoTime()};
 * both are turned into nanoseconds since the epoch so that the intended send time and the observed
 * arrival can be subtracted. The offset between the two clocks is re-sampled by the publisher about once
 * a second ({@link #resync()}), so that a wall clock slewed by NTP during a 5-minute run does not creep
 * into the latencies.
 */
final class EpochNanos {

    private static volatile long offset = sample();

    private EpochNanos() {
    }

    static long of(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** A {@link System#nanoTime()} reading on the epoch scale, with the latest offset. */
    static long ofMonotonic(long nanoTime) {
        return nanoTime + offset;
    }

    static void resync() {
        offset = sample();
    }

    private static long sample() {
        long before = System.nanoTime();
        Instant wall = Instant.now();
        long after = System.nanoTime();
        return of(wall) - (before + (after - before) / 2);
    }
}
