package io.cagekeeper.gateway.events;

/** Kinds of stored event. Stored as text and read by auditors: add, never rename. */
public enum EventType {
    ACCESS_GRANTED, ACCESS_DENIED, ACCESS_PENDING,
    DOOR_RELEASED, DOOR_OPENED, DOOR_CLOSED, DOOR_FORCED_OPEN, DOOR_HELD_OPEN, DOOR_REX,
    DOOR_TAMPER, DOOR_TAMPER_CLEARED, FIRE_ALARM, FIRE_ALARM_CLEARED,
    MODULE_ONLINE, MODULE_OFFLINE, MODULE_POWER_CYCLED, MODULE_WATCHDOG_TRIPPED,
    READER_ONLINE, READER_OFFLINE, READER_HEARTBEAT, READER_TAMPER, READER_TAMPER_CLEARED, READER_BOOT,
    READER_CLOCK_SET, LOG_GAP, MESSAGE_REJECTED, READER_REJECT_BURST, READER_SILENT,
    DOOR_RELOCKED, APB_VIOLATION, APB_FORGIVEN, COMPANION_ADMITTED, PIN_LOCKED_OUT, PIN_FAILURES_RESET, THREAT_LEVEL_CHANGED,
    // device-path hardening: replayed, stale, retained and over-rate reader messages; rejections aggregated
    CREDENTIAL_REPLAY, RETAINED_MESSAGE, READER_RATE_LIMITED, REJECTS_AGGREGATED, READER_SEQ_JUMP,
    // door modules: releases the gateway did not command or could not confirm, configuration drift
    UNEXPECTED_RELEASE, RELEASE_UNCONFIRMED, RELOCK_FAILED, FIRE_RESTORE_FAILED, MODULE_CONFIG_MISMATCH,
    // event log: an event PostgreSQL refused for its content, kept aside
    EVENT_QUARANTINED,
    // visits: a visitor still checked in after their visit ended (the sweep deactivated the badge)
    VISIT_OVERDUE,
    // API: a door's lock released once by an operator (detail: operator, reason)
    DOOR_UNLOCKED_BY_OPERATOR
}
