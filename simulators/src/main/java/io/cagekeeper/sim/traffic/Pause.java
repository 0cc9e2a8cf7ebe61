package io.cagekeeper.sim.traffic;

import java.time.Duration;

/** Sleeping that turns an interrupt into an unchecked stop, keeping the interrupt flag. */
final class Pause {

    private Pause() {
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("traffic interrupted", e);
        }
    }
}
