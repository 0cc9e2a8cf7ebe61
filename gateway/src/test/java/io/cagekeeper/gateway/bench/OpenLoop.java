package io.cagekeeper.gateway.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed-rate, open-loop schedule: request {@code i} is due at {@code start + i / rate} whatever
 * happened to the earlier ones; a late sender catches up at once rather than sliding the schedule.
 * Callers measure from {@link #dueEpochNanos}, the intended time, so that a pause of the system under
 * test (or of this machine) is charged to every request it held back.
 */
final class OpenLoop {

    private final long startNanos;
    private final double periodNanos;

    OpenLoop(int ratePerSecond) {
        this.periodNanos = 1e9 / ratePerSecond;
        this.startNanos = System.nanoTime() + 50_000_000L;
    }

    long dueNanos(int i) {
        return startNanos + (long) (i * periodNanos);
    }

    long dueEpochNanos(int i) {
        return EpochNanos.ofMonotonic(dueNanos(i));
    }

    /** Runs {@code send} for 0..count-1, each at its due time; re-syncs the clocks about once a second. */
    void run(int count, IntConsumer send) {
        long nextSync = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < count; i++) {
            long due = dueNanos(i);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            if (now > nextSync) {
                EpochNanos.resync();
                nextSync = now + 1_000_000_000L;
            }
            send.accept(i);
        }
    }
}
