package io.cagekeeper.gateway.alarms;

import io.cagekeeper.gateway.events.GatewayEvent;
import java.util.List;

/**
 * Which events raise or clear alarms. Pure, so the mapping is tested directly and applied in the
 * same transaction as the event it comes from: an alarm exists exactly when its event does, also
 * after a journal replay.
 */
public final class AlarmRules {

    private AlarmRules() {
    }

    public static List<AlarmAction> actionsFor(GatewayEvent e) {
        String src = e.source();
        String door = e.doorId();
        return switch (e.type()) {
            case DOOR_FORCED_OPEN -> List.of(AlarmAction.raise(src + ":FORCED_OPEN", "DOOR_FORCED_OPEN", Severity.CRITICAL, e.sentence()));
            case DOOR_HELD_OPEN -> List.of(AlarmAction.raise(src + ":HELD_OPEN", "DOOR_HELD_OPEN", Severity.MAJOR, e.sentence()));
            case DOOR_CLOSED -> door == null ? List.of() : List.of(AlarmAction.clear(src + ":HELD_OPEN"));
            case DOOR_TAMPER -> List.of(AlarmAction.raise(src + ":TAMPER", "DOOR_TAMPER", Severity.CRITICAL, e.sentence()));
            case DOOR_TAMPER_CLEARED -> List.of(AlarmAction.clear(src + ":TAMPER"));
            case FIRE_ALARM -> List.of(AlarmAction.raise(src + ":FIRE", "FIRE_ALARM", Severity.CRITICAL, e.sentence()));
            case FIRE_ALARM_CLEARED -> List.of(AlarmAction.clear(src + ":FIRE"));
            case MODULE_OFFLINE -> List.of(AlarmAction.raise(src + ":OFFLINE", "MODULE_OFFLINE", Severity.CRITICAL, e.sentence()));
            case MODULE_ONLINE -> List.of(AlarmAction.clear(src + ":OFFLINE"));
            case MODULE_WATCHDOG_TRIPPED -> List.of(AlarmAction.raise(src + ":WATCHDOG", "MODULE_WATCHDOG_TRIPPED", Severity.MAJOR, e.sentence()));
            case READER_OFFLINE -> List.of(AlarmAction.raise(src + ":OFFLINE", "READER_OFFLINE", Severity.MAJOR, e.sentence()));
            case READER_SILENT -> List.of(AlarmAction.raise(src + ":SILENT", "READER_SILENT", Severity.MAJOR, e.sentence()));
            // a status cannot be signed: from a reader with a key it is UNVERIFIED and clears nothing
            case READER_ONLINE -> e.flags().contains("UNVERIFIED") ? List.of() : List.of(AlarmAction.clear(src + ":OFFLINE"));
            // only a signed, new, fresh heartbeat or boot proves the reader is alive
            case READER_HEARTBEAT, READER_BOOT -> e.flags().contains("STALE") || e.flags().contains("SEQ_JUMP") ? List.of()
                    : List.of(AlarmAction.clear(src + ":OFFLINE"), AlarmAction.clear(src + ":SILENT"));
            case CREDENTIAL_REPLAY -> List.of(AlarmAction.raise(src + ":REPLAY", "CREDENTIAL_REPLAY", Severity.CRITICAL, e.sentence()));
            case READER_SEQ_JUMP -> List.of(AlarmAction.raise(src + ":SEQ_JUMP", "READER_SEQ_JUMP", Severity.MAJOR, e.sentence()));
            case RETAINED_MESSAGE -> List.of(AlarmAction.raise(src + ":RETAINED", "RETAINED_MESSAGE", Severity.MAJOR, e.sentence()));
            case READER_RATE_LIMITED -> List.of(AlarmAction.raise(src + ":RATE_LIMITED", "READER_RATE_LIMITED", Severity.MAJOR, e.sentence()));
            case UNEXPECTED_RELEASE -> List.of(AlarmAction.raise(src + ":UNEXPECTED_RELEASE", "UNEXPECTED_RELEASE", Severity.CRITICAL, e.sentence()));
            case RELEASE_UNCONFIRMED -> List.of(AlarmAction.raise(src + ":RELEASE_UNCONFIRMED", "RELEASE_UNCONFIRMED", Severity.MAJOR, e.sentence()));
            case RELOCK_FAILED -> List.of(AlarmAction.raise(src + ":RELOCK_FAILED", "RELOCK_FAILED", Severity.CRITICAL, e.sentence()));
            case FIRE_RESTORE_FAILED -> List.of(AlarmAction.raise(src + ":FIRE_RESTORE_FAILED", "FIRE_RESTORE_FAILED", Severity.CRITICAL, e.sentence()));
            // a relock read back as locked ends both "cannot relock" conditions; an unexpected release stays for the desk
            case DOOR_RELOCKED -> door == null ? List.of()
                    : List.of(AlarmAction.clear(src + ":RELOCK_FAILED"), AlarmAction.clear(src + ":FIRE_RESTORE_FAILED"));
            case MODULE_CONFIG_MISMATCH -> List.of(AlarmAction.raise(src + ":CONFIG_MISMATCH", "MODULE_CONFIG_MISMATCH", Severity.MAJOR, e.sentence()));
            case READER_TAMPER -> List.of(AlarmAction.raise(src + ":TAMPER", "READER_TAMPER", Severity.CRITICAL, e.sentence()));
            case READER_TAMPER_CLEARED -> List.of(AlarmAction.clear(src + ":TAMPER"));
            case LOG_GAP -> List.of(AlarmAction.raise(src + ":LOG_GAP", "LOG_GAP", Severity.MAJOR, e.sentence()));
            case READER_REJECT_BURST -> List.of(AlarmAction.raise(src + ":REJECTS", "READER_REJECT_BURST", Severity.MAJOR, e.sentence()));
            // an event PostgreSQL refused for its content is not in the event log: someone must look at the quarantine
            case EVENT_QUARANTINED -> List.of(AlarmAction.raise(src + ":QUARANTINE", "EVENT_QUARANTINED", Severity.MAJOR, e.sentence()));
            // a visitor still inside after their visit ended: the badge is already deactivated, the desk must find them
            case VISIT_OVERDUE -> List.of(AlarmAction.raise(src + ":OVERDUE", "VISIT_OVERDUE", Severity.MAJOR, e.sentence()));
            default -> List.of();
        };
    }
}
