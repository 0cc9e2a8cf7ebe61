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
    private int positionCounter;
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

    /** Folds one poll into the door's state and returns what happened, in order. */
    public List<DoorEvent> observe(ModuleSnapshot s) {
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
        if (lockReleased && releasedUntil.isBefore(s.at())) {
            // released by the module's own pulse still running, or by someone else: treat as released now
            releasedUntil = s.at();
        }
        observeRex(s, out);
        if (hw.positionInput() >= 0) {
            observePosition(s, out);
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

    private void observePosition(ModuleSnapshot s, List<DoorEvent> out) {
        boolean nowOpen = !s.input(hw.positionInput());
        int counter = s.counter(hw.positionInput());
        if (!initialised) {
            open = nowOpen;
            positionCounter = counter;
            openedAt = nowOpen ? s.at() : null;
            return;
        }
        int moved = (counter - positionCounter) & 0xFFFF;
        positionCounter = counter;
        int seen = nowOpen != open ? 1 : 0;
        int unseen = Math.max(0, moved - seen);
        // Unseen changes come in pairs: a closed door opened and closed again between polls, or an
        // open door closed and reopened.
        for (int pair = 0; pair < unseen / 2; pair++) {
            if (open) {
                out.add(event(EventType.DOOR_CLOSED, doorName() + " closed (between polls)", Map.of("unseen", true)));
                passageOver();
                out.add(opening(s.at(), true));
            } else {
                out.add(opening(s.at(), true));
                out.add(event(EventType.DOOR_CLOSED, doorName() + " closed (between polls)", Map.of("unseen", true)));
                passageOver();
            }
        }
        if (nowOpen && !open) {
            open = true;
            openedAt = s.at();
            heldRaised = false;
            out.add(opening(s.at(), false));
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

    private DoorEvent opening(Instant at, boolean unseen) {
        boolean byGrant = !at.isAfter(releasedUntil);
        boolean byRex = !at.isAfter(rexUntil);
        if (fireActive) {
            return event(EventType.DOOR_OPENED, doorName() + " opened during a fire alarm (egress)",
                    unseen ? Map.of("by", "fire", "unseen", true) : Map.of("by", "fire"));
        }
        if (byGrant || byRex) {
            String how = byGrant ? "grant" : "rex";
            return event(EventType.DOOR_OPENED, doorName() + " opened after " + (byGrant ? "a granted release" : "request to exit")
                    + (unseen ? " (between polls)" : ""), unseen ? Map.of("by", how, "unseen", true) : Map.of("by", how));
        }
        return event(EventType.DOOR_FORCED_OPEN, doorName() + " forced open: no release and no request to exit"
                + (unseen ? " (between polls)" : ""), unseen ? Map.of("unseen", true) : Map.of());
    }

    private String doorName() {
        return "Door " + hw.doorId();
    }

    private DoorEvent event(EventType type, String sentence, Map<String, Object> detail) {
        return new DoorEvent("door:" + hw.doorId(), hw.doorId(), type, sentence, detail);
    }
}
