package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.EventRow;

/**
 * DOOR_FORCED (each DOOR_FORCED_OPEN), DOOR_HELD (each DOOR_HELD_OPEN: the gateway raises it when a door
 * stays open past its allowed time), and LOG_GAP for each MODULE_OFFLINE (a door module has no heartbeat
 * of its own: its offline event is the evidence that monitoring stopped).
 */
public final class DoorChecks implements EventCheck {

    private final Run run;

    public DoorChecks(Run run) {
        this.run = run;
    }

    @Override
    public void onEvent(EventRow e, String person) {
        switch (e.type()) {
            case "DOOR_FORCED_OPEN" -> run.findings.add(ExceptionType.DOOR_FORCED, "event:" + e.id(), e.at(), null, e.id(),
                    "door " + e.door() + " forced open");
            case "DOOR_HELD_OPEN" -> run.findings.add(ExceptionType.DOOR_HELD, "event:" + e.id(), e.at(), null, e.id(),
                    "door " + e.door() + " held open");
            case "MODULE_OFFLINE" -> run.findings.add(ExceptionType.LOG_GAP, "event:" + e.id(), e.at(), null, e.id(),
                    "module " + e.device() + " offline");
            default -> {
            }
        }
    }
}
