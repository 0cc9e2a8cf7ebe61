package io.cagekeeper.sim.traffic;

import java.time.Duration;

/**
 * How people move. {@code answerTimeout}: how long a person waits for the reader's final answer;
 * {@code releaseWait}: how long they wait for the lock once granted; {@code walk}: how long a door stays
 * open while someone passes; {@code heldTooLong}: how long it stays open in a held-open incident (set it
 * beyond the gateway's allowed open time); {@code rexPress}: how long a REX button is pressed;
 * {@code pause}: idle time between steps.
 */
public record TrafficTiming(Duration answerTimeout, Duration releaseWait, Duration walk, Duration heldTooLong,
                            Duration rexPress, Duration pause) {

    /** Fast enough for tests: 2 s answers, 2 s release, 50 ms passages, 1.5 s held open, no pause. */
    public static TrafficTiming fast() {
        return new TrafficTiming(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(50),
                Duration.ofMillis(1500), Duration.ofMillis(20), Duration.ZERO);
    }
}
