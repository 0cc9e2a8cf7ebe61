package io.cagekeeper.sim.traffic;

import java.time.Instant;
import java.util.List;

/**
 * What physically happened in one step, for a test to reconcile against the gateway's log: the kind of
 * scene, who (null for a stranger or nobody), the msgIds of the credentials presented, and the outcome.
 */
public record TrafficEvent(Instant at, Kind kind, String person, List<String> msgIds, Outcome outcome) {

    /** The scenes the generator plays. */
    public enum Kind { ENTRY, EXIT, UNKNOWN_CARD, BAD_READ, FORCED_OPEN, HELD_OPEN }

    /** How a scene ended. */
    public enum Outcome {
        /** Passed both doors in. */
        ENTERED,
        /** Passed both doors out. */
        EXITED,
        /** The reader answered DENY (or anything but GRANT). */
        DENIED,
        /** No final answer within the timeout. */
        NO_ANSWER,
        /** Granted, but the lock never released. */
        NOT_RELEASED,
        /** Got through the outer door, not the inner one, and went back out by REX. */
        TURNED_BACK,
        /** A door opened without release or REX, and closed again. */
        FORCED
    }
}
