package io.cagekeeper.gateway.modbus;

import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one door's lock relay should be doing, compared with what the module says it does. Pure: the
 * {@link DoorModule} feeds it the gateway's own commands and their outcomes, and relay readings that
 * were taken after the door's last command finished; it answers with events and whether to relock.
 *
 * <p>Why: the relay is the door. A release whose reply was lost, a relock that failed, another Modbus
 * client or a panel fault can each leave a lock released while polling goes on happily (so the module's
 * watchdog never trips). The guard holds the gateway's intent (locked, except during a confirmed grant
 * release plus {@code slack}, or while held for fire egress) and treats every other released reading as
 * something to undo: a relay released while the gateway's own relock is pending is retried quietly,
 * one released with nothing to explain it is an {@code UNEXPECTED_RELEASE} (raised once per episode).
 * A relock counts only when the relay is read back locked; until then it is retried and, after a
 * failure, {@code RELOCK_FAILED} stands until a {@code DOOR_RELOCKED} (verified) clears it.
 * "Released" is per the door's lock wiring (a fail-safe maglock is released when de-energised).
 */
final class RelayGuard {

    /** What a reading asks for: events to record and whether the door must be relocked now. */
    record Verdict(List<DoorEvent> events, boolean relock) {
        static final Verdict NOTHING = new Verdict(List.of(), false);
    }

    private final DoorHardware hw;
    private final Duration slack;
    private Instant authorizedUntil = Instant.EPOCH;
    private boolean fireHold;
    private boolean restoringFromFire;
    private boolean relockPending;
    private boolean relockAlarm;
    private boolean unexpected;
    private int relockFailures;

    /**
     * @param slack how long after a grant's release time the relay may still read released without
     *              suspicion (the module's pulse starts when the write arrives, a poll is late)
     */
    RelayGuard(DoorHardware hw, Duration slack) {
        this.hw = hw;
        this.slack = slack;
    }

    /** The module confirmed the release of a grant; {@code at} is when its reply came (the pulse ends by {@code at} + release). */
    void releaseConfirmed(Instant at) {
        authorizedUntil = at.plus(hw.release());
        unexpected = false;
        if (!restoringFromFire) {
            relockPending = false; // released on purpose now: an older relock series must not cut it short
        }
    }

    /**
     * A release write got no valid reply: it may have reached the module. The reader is told DENY, so
     * the relay must be relocked and read back; the caller does that at once.
     */
    List<DoorEvent> releaseUnconfirmed(String why) {
        relockPending = true;
        return List.of(event(EventType.RELEASE_UNCONFIRMED, "Door " + hw.doorId()
                + " release unconfirmed (" + why + "): it may have been released, relocking and reading it back", Map.of("error", why)));
    }

    /** The gateway ends a release early (door closed after the passage) or on time (maglock): a relock follows. */
    void releaseEnded(Instant at) {
        if (authorizedUntil.isAfter(at)) {
            authorizedUntil = at;
        }
        relockPending = true;
    }

    /** Held released for fire egress; while held (and until its restore is read back), a released relay is expected. */
    void fireHold() {
        fireHold = true;
        restoringFromFire = false;
    }

    /**
     * The fire alarm cleared: the door must relock (and a strike get its pulse width back). The hold
     * ends only when that is read back, so one failed write cannot leave the strike latched.
     */
    void fireCleared() {
        if (fireHold) {
            restoringFromFire = true;
            relockPending = true;
        }
    }

    boolean fireHeld() {
        return fireHold;
    }

    /** Whether the pending relock is the restore after a fire alarm (which also rewrites a strike's pulse width). */
    boolean restoringFromFire() {
        return restoringFromFire;
    }

    /** Whether a grant's release is still running at {@code at} (a later grant extended it). */
    boolean grantRunning(Instant at) {
        return at.isBefore(authorizedUntil);
    }

    boolean relockPending() {
        return relockPending;
    }

    /** Whether a released relay now authorizes an opening: only a grant's release or fire egress does. */
    boolean authorizes(Instant at) {
        return fireHold || !at.isAfter(authorizedUntil.plus(slack));
    }

    /** Whether an uncommanded release episode is open (its alarm raised, its relock under way). */
    boolean unexpected() {
        return unexpected;
    }

    /** A relay reading taken after this door's last command had finished. */
    Verdict observe(boolean released, Instant at) {
        if (!released) {
            unexpected = false;
            return Verdict.NOTHING;
        }
        if (authorizes(at)) {
            return Verdict.NOTHING;
        }
        if (relockPending) {
            return new Verdict(List.of(), true); // our own relock has not taken yet: try again
        }
        relockPending = true;
        if (unexpected) {
            return new Verdict(List.of(), true);
        }
        unexpected = true;
        return new Verdict(List.of(event(EventType.UNEXPECTED_RELEASE, "Door " + hw.doorId()
                + " lock found released without a command from the gateway (another Modbus client or a panel fault): relocking",
                Map.of("relay", hw.lockRelay(), "lockType", hw.lockType().name()))), true);
    }

    /**
     * The outcome of a relock: {@code error} null when the relay was read back locked.
     *
     * @return RELOCK_FAILED (FIRE_RESTORE_FAILED for a fire restore) at the first failure of an attempt
     *         series, DOOR_RELOCKED (verified) when a series that failed ends
     */
    List<DoorEvent> relockResult(String error) {
        List<DoorEvent> out = new ArrayList<>(1);
        if (error == null) {
            relockPending = false;
            if (restoringFromFire) {
                restoringFromFire = false;
                fireHold = false;
            }
            if (relockAlarm) {
                out.add(event(EventType.DOOR_RELOCKED, "Door " + hw.doorId() + " relock confirmed by reading the relay back after "
                        + relockFailures + " failed attempt(s)", Map.of("verified", true, "failedAttempts", relockFailures)));
            }
            relockAlarm = false;
            relockFailures = 0;
        } else {
            relockPending = true;
            relockFailures++;
            if (!relockAlarm) {
                relockAlarm = true;
                out.add(restoringFromFire
                        ? event(EventType.FIRE_RESTORE_FAILED, "Door " + hw.doorId() + " could not be relocked after the fire alarm ("
                                + error + "): retrying until the relay reads back locked", Map.of("error", error))
                        : event(EventType.RELOCK_FAILED, "Door " + hw.doorId() + " could not be relocked (" + error
                                + "): retrying until the relay reads back locked", Map.of("error", error)));
            }
        }
        return out;
    }

    /** How long to wait before the next relock attempt: doubling from 100 ms to at most 1 s. */
    Duration retryDelay() {
        return Duration.ofMillis(Math.min(1_000L, 100L << Math.min(4, Math.max(0, relockFailures - 1))));
    }

    private DoorEvent event(EventType type, String sentence, Map<String, Object> detail) {
        return new DoorEvent("door:" + hw.doorId(), hw.doorId(), type, sentence, detail);
    }
}
