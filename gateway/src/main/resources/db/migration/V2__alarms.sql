-- Alarms: first-class, persisted, with their life cycle (active -> acknowledged -> cleared).
-- At most one open (not cleared) alarm per alarm_key: a repeat of the same condition bumps its count.
CREATE TABLE alarms (
    id               BIGSERIAL PRIMARY KEY,
    alarm_key        TEXT NOT NULL,
    type             TEXT NOT NULL,
    severity         TEXT NOT NULL CHECK (severity IN ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING')),
    source           TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('ACTIVE', 'ACKNOWLEDGED', 'CLEARED')),
    message          TEXT NOT NULL,
    raised_at        TIMESTAMPTZ NOT NULL,
    last_seen_at     TIMESTAMPTZ NOT NULL,
    occurrences      INT NOT NULL DEFAULT 1,
    event_key        TEXT,
    acknowledged_by  TEXT,
    acknowledged_at  TIMESTAMPTZ,
    ack_comment      TEXT,
    cleared_by       TEXT,
    cleared_at       TIMESTAMPTZ,
    clear_comment    TEXT
);

CREATE UNIQUE INDEX alarms_one_open_per_key ON alarms (alarm_key) WHERE state <> 'CLEARED';
CREATE INDEX alarms_state ON alarms (state, raised_at);
