-- Version 3: the policy rules beyond access levels (door modes, holidays, zone rules, visits,
-- explicit restrictions, threat rules, site tunables) and the engine's persisted state.

CREATE TABLE site_settings (
    id                     INT PRIMARY KEY CHECK (id = 1),
    pin_max_failures       INT NOT NULL CHECK (pin_max_failures > 0),
    escort_window_seconds  INT NOT NULL CHECK (escort_window_seconds > 0)
);

CREATE TABLE door_modes (
    door_id      TEXT NOT NULL REFERENCES doors (id),
    mode         TEXT NOT NULL CHECK (mode IN ('CARD_ONLY', 'CARD_AND_PIN', 'CARD_AND_BIOMETRIC')),
    schedule_id  TEXT NOT NULL REFERENCES schedules (id),
    PRIMARY KEY (door_id, mode, schedule_id)
);

CREATE TABLE holiday_calendars (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    dates  DATE[] NOT NULL
);

-- hours: 'HH:MM HH:MM' ranges that replace the schedule's intervals on the calendar's dates (empty = closed)
CREATE TABLE schedule_overrides (
    schedule_id  TEXT NOT NULL REFERENCES schedules (id),
    calendar_id  TEXT NOT NULL REFERENCES holiday_calendars (id),
    hours        TEXT[] NOT NULL,
    PRIMARY KEY (schedule_id, calendar_id)
);

CREATE TABLE zone_policies (
    zone_id             TEXT PRIMARY KEY REFERENCES zones (id),
    apb                 TEXT NOT NULL CHECK (apb IN ('NONE', 'HARD', 'SOFT', 'TIMED')),
    apb_minutes         INT NOT NULL DEFAULT 0,
    two_person_seconds  INT NOT NULL DEFAULT 0
);

CREATE TABLE visits (
    id                 TEXT PRIMARY KEY,
    visitor_person_id  TEXT NOT NULL REFERENCES persons (id),
    zone_id            TEXT NOT NULL REFERENCES zones (id),
    valid_from         TIMESTAMPTZ NOT NULL,
    valid_until        TIMESTAMPTZ NOT NULL,
    escort_person_id   TEXT REFERENCES persons (id),
    approved_by        TEXT NOT NULL
);

CREATE TABLE restrictions (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons (id),
    zone_id     TEXT REFERENCES zones (id),
    valid_from  TIMESTAMPTZ NOT NULL,
    valid_until TIMESTAMPTZ,
    reason      TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

CREATE TABLE threat_rules (
    level             TEXT PRIMARY KEY CHECK (level IN ('NORMAL', 'ELEVATED', 'LOCKDOWN')),
    person_types      TEXT[] NOT NULL,
    access_level_ids  TEXT[] NOT NULL
);

-- The engine's state (anti-passback positions, pending escorts and second persons, PIN failures,
-- door facts, threat level, fire alarm) as the engine's own line format; one row, rewritten on change.
CREATE TABLE engine_state (
    id          INT PRIMARY KEY CHECK (id = 1),
    lines       TEXT[] NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
