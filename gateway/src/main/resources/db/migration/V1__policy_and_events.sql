-- Cagekeeper schema, version 1: the policy the engine decides from, and the durable event log.
-- Owned by the gateway; applied by Flyway at start-up. Never edit a released migration: add a new one.

CREATE TABLE site (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL
);

CREATE TABLE zones (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES zones (id)
);

CREATE TABLE doors (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    from_zone       TEXT NOT NULL REFERENCES zones (id),
    to_zone         TEXT NOT NULL REFERENCES zones (id),
    interlock_group TEXT
);

CREATE TABLE readers (
    id       TEXT PRIMARY KEY,
    door_id  TEXT NOT NULL REFERENCES doors (id),
    side     TEXT NOT NULL CHECK (side IN ('ENTRY', 'EXIT'))
);

CREATE TABLE persons (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL CHECK (type IN ('EMPLOYEE', 'CONTRACTOR', 'VISITOR')),
    terminated_at  TIMESTAMPTZ
);

CREATE TABLE credentials (
    id                 TEXT PRIMARY KEY,
    card               TEXT NOT NULL UNIQUE,
    person_id          TEXT NOT NULL REFERENCES persons (id),
    status             TEXT NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'LOST', 'STOLEN', 'REVOKED', 'EXPIRED')),
    valid_from         TIMESTAMPTZ NOT NULL,
    valid_until        TIMESTAMPTZ,
    status_changed_at  TIMESTAMPTZ,
    status_changed_by  TEXT,
    pin_hash           TEXT
);

-- intervals: one text per weekly interval, 'MONDAY 08:00 18:00' (end 00:00 = end of day)
CREATE TABLE schedules (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    intervals  TEXT[] NOT NULL
);

CREATE TABLE access_levels (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL
);

CREATE TABLE access_level_doors (
    access_level_id  TEXT NOT NULL REFERENCES access_levels (id),
    door_id          TEXT NOT NULL REFERENCES doors (id),
    schedule_id      TEXT NOT NULL REFERENCES schedules (id),
    PRIMARY KEY (access_level_id, door_id)
);

CREATE TABLE grants (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL REFERENCES persons (id),
    access_level_id  TEXT NOT NULL REFERENCES access_levels (id),
    valid_from       TIMESTAMPTZ NOT NULL,
    valid_until      TIMESTAMPTZ,
    approved_by      TEXT NOT NULL
);

-- Every change to the policy above adds a row here in the same transaction; the newest version
-- is the version of the snapshot compiled from it.
CREATE TABLE policy_changes (
    version     BIGSERIAL PRIMARY KEY,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    changed_by  TEXT NOT NULL,
    summary     TEXT NOT NULL
);

-- The event log: one row per event accepted from a device or raised by the gateway.
-- event_key makes storage idempotent (a redelivered reader message keeps its msgId).
CREATE TABLE events (
    id                BIGSERIAL PRIMARY KEY,
    event_key         TEXT NOT NULL UNIQUE,
    type              TEXT NOT NULL,
    source            TEXT NOT NULL,
    door_id           TEXT,
    device_seq        BIGINT,
    device_ts         TIMESTAMPTZ,
    received_at       TIMESTAMPTZ NOT NULL,
    stored_at         TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    card              TEXT,
    person_id         TEXT,
    result            TEXT,
    reasons           TEXT[],
    decided_by        TEXT,
    snapshot_version  BIGINT,
    sentence          TEXT,
    flags             TEXT[] NOT NULL DEFAULT '{}',
    detail            JSONB
);

CREATE INDEX events_received_at ON events (received_at);
CREATE INDEX events_door ON events (door_id, received_at);
CREATE INDEX events_type ON events (type, received_at);
