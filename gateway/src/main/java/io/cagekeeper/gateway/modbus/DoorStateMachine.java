package io.cagekeeper.gateway.modbus;

import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import io.cagekeeper.gateway.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The logic of one door, fed with successive module polls. Pure (no I/O), so every transition is
 * tested directly. It tells a legitimate opening (lock released, or REX pressed) from a forced one,
 * raises held-open once per opening, and uses the module's change counters to notice an opening
 * that started and ended between two polls.
 */
public final class DoorStateMachine {


    private final DoorHardware hw;
    private boolean initialised;
    private boolean open;
    private boolean heldRaised;
    private boolean tamperOpen;
    private boolean rexPressed;
    private boolean releaseUnexpected;
    private Instant openedAt;
    private Instant releasedUntil = Instant.EPOCH;
    private Instant rexUntil = Instant.EPOCH;
    private boolean lockReleased;
    private boolean fireActive;

    public DoorStateMachine(DoorHardware hw) {
        this.hw = hw;
    }

    public String doorId() {
        return hw.doorId();
    }

    /** The gateway released the lock for a grant at {@code at}. */
    public void released(Instant at) {
        releasedUntil = at.plus(hw.release());
    }

    public boolean isOpen() {
        return open;
    }

    public boolean isLockReleased() {
        return lockReleased;
    }

    /** The fire-alarm input of this door is active: the door is held released for egress. */
    public boolean fireActive() {
        return fireActive;
    }

    public boolean isTamperOpen() {
        return tamperOpen;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public boolean initialised() {
        return initialised;
    }

    /**
     * The relay is released without the gateway having commanded it (see {@link RelayGuard}): until
     * this is cleared, the relay state authorizes no opening, so one during it is forced.
     */
    public void releaseUnexpected(boolean unexpected) {
        releaseUnexpected = unexpected;
    }

    /**
     * Folds one poll into the door's state and returns what happened, in order.
     *
     * @param moved the believable input changes since the previous poll, per channel, from
     *              {@link CounterBaseline} (never the raw counter difference: a module that restarted
     *              or misbehaves must not invent openings)
     */
    List<DoorEvent> observe(ModuleSnapshot s, CounterBaseline.Deltas moved) {
        List<DoorEvent> out = new ArrayList<>(2);
        boolean relay = s.coil(hw.lockRelay());
        boolean released = hw.lockType() == LockType.FAIL_SECURE ? relay : !relay;
        if (initialised && released != lockReleased) {
            out.add(event(released ? EventType.DOOR_RELEASED : EventType.DOOR_RELOCKED,
                    doorName() + (released ? " lock released" : " lock relocked"), Map.of()));
        }
        lockReleased = released;
        if (hw.fireInput() >= 0) {
            boolean fire = s.input(hw.fireInput());
            if (initialised && fire != fireActive) {
                out.add(event(fire ? EventType.FIRE_ALARM : EventType.FIRE_ALARM_CLEARED, fire
                        ? "Fire alarm: " + doorName() + " released for egress" : "Fire alarm cleared: " + doorName() + " locks again",
                        Map.of()));
            }
            fireActive = fire;
        }
        if (lockReleased && !releaseUnexpected && releasedUntil.isBefore(s.at())) {
            // released by the module's own pulse still running: treat as released now (a release nobody
            // commanded is flagged by the relay guard and authorizes nothing)
            releasedUntil = s.at();
        }
        observeRex(s, out);
        if (hw.positionInput() >= 0) {
            observePosition(s, moved.moved(hw.positionInput()), out);
        }
        if (hw.tamperInput() >= 0) {
            boolean intact = s.input(hw.tamperInput());
            if (initialised && intact == tamperOpen) {
                tamperOpen = !intact;
                out.add(event(tamperOpen ? EventType.DOOR_TAMPER : EventType.DOOR_TAMPER_CLEARED,
                        tamperOpen ? "Tamper loop of " + hw.doorId() + " opened" : "Tamper loop of " + hw.doorId() + " restored",
                        Map.of()));
            } else if (!initialised) {
                tamperOpen = !intact;
            }
        }
        initialised = true;
        return out;
    }

    private void observeRex(ModuleSnapshot s, List<DoorEvent> out) {
        if (hw.rexInput() < 0) {
            return;
        }
        boolean pressed = s.input(hw.rexInput());
        if (pressed) {
            // a REX press shunts the door for as long as a grant would release it
            rexUntil = s.at().plus(hw.release());
        }
        if (initialised && pressed && !rexPressed) {
            out.add(event(EventType.DOOR_REX, "Request to exit pressed at " + hw.doorId(), Map.of()));
        }
        rexPressed = pressed;
    }

    private void observePosition(ModuleSnapshot s, int moved, List<DoorEvent> out) {
        boolean nowOpen = !s.input(hw.positionInput());
        if (!initialised) {
            open = nowOpen;
            openedAt = nowOpen ? s.at() : null;
            return;
        }
        int seen = nowOpen != open ? 1 : 0;
        int pairs = Math.max(0, moved - seen) / 2;
        // Unseen changes come in pairs: a closed door opened and closed again between polls, or an
        // open door closed and reopened. Several pairs in one poll (only after a long gap between polls)
        // are one opening and one close that say how many times: all share this poll's time anyway.
        if (pairs > 0) {
            Map<String, Object> detail = pairs == 1 ? Map.of("unseen", true) : Map.of("unseen", true, "times", pairs);
            String times = pairs == 1 ? "" : " " + pairs + " times";
            if (open) {
                out.add(event(EventType.DOOR_CLOSED, doorName() + " closed (between polls)" + times, detail));
                passageOver();
                out.add(opening(s.at(), detail, times));
                // a new opening: held-open and the open time count from it, not from the one that closed
                openedAt = s.at();
                heldRaised = false;
            } else {
                out.add(opening(s.at(), detail, times));
                out.add(event(EventType.DOOR_CLOSED, doorName() + " closed (between polls)" + times, detail));
                passageOver();
            }
        }
        if (nowOpen && !open) {
            open = true;
            openedAt = s.at();
            heldRaised = false;
            out.add(opening(s.at(), Map.of(), ""));
        } else if (!nowOpen && open) {
            open = false;
            long seconds = openedAt == null ? 0 : Duration.between(openedAt, s.at()).toSeconds();
            openedAt = null;
            out.add(event(EventType.DOOR_CLOSED, doorName() + " closed", Map.of("openSeconds", seconds)));
            passageOver();
        }
        if (open && !heldRaised && openedAt != null && Duration.between(openedAt, s.at()).compareTo(hw.heldOpen()) > 0) {
            heldRaised = true;
            out.add(event(EventType.DOOR_HELD_OPEN, doorName() + " held open longer than " + hw.heldOpen().toSeconds() + " s",
                    Map.of("allowedSeconds", hw.heldOpen().toSeconds())));
        }
    }

    /**
     * A grant or a REX press authorizes one passage: once the door has closed again, a new opening
     * needs a new release or press (the gateway also relocks the door on close).
     */
    private void passageOver() {
        rexUntil = Instant.EPOCH;
        if (!lockReleased) {
            releasedUntil = Instant.EPOCH;
        }
    }

    /** @param unseen empty for an opening this poll saw, else the unseen detail; {@code times} its count in words */
    private DoorEvent opening(Instant at, Map<String, Object> unseen, String times) {
        boolean byGrant = !at.isAfter(releasedUntil);
        boolean byRex = !at.isAfter(rexUntil);
        String between = unseen.isEmpty() ? "" : " (between polls)" + times;
        if (fireActive) {
            return event(EventType.DOOR_OPENED, doorName() + " opened during a fire alarm (egress)" + between, with(unseen, "fire"));
        }
        if (byGrant || byRex) {
            return event(EventType.DOOR_OPENED, doorName() + " opened after " + (byGrant ? "a granted release" : "request to exit")
                    + between, with(unseen, byGrant ? "grant" : "rex"));
        }
        return event(EventType.DOOR_FORCED_OPEN, doorName() + " forced open: no release and no request to exit"
                + (releaseUnexpected ? " (the lock was released by someone other than the gateway)" : "") + between, unseen);
    }

    private static Map<String, Object> with(Map<String, Object> detail, String by) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(detail);
        m.put("by", by);
        return Map.copyOf(m);
    }

    private String doorName() {
        return "Door " + hw.doorId();
    }

    private DoorEvent event(EventType type, String sentence, Map<String, Object> detail) {
        return new DoorEvent("door:" + hw.doorId(), hw.doorId(), type, sentence, detail);
    }
}
