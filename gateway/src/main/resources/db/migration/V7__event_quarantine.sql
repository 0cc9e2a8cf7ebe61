-- Events PostgreSQL refused for their content (a NUL in text, a key too long for its index, ...): kept
-- whole here with the reason instead of blocking the events behind them in the journal. Never deleted;
-- an operator marks one resolved once they have looked at it. Owned by QuarantineStore.
CREATE TABLE quarantined_events (
    id               BIGSERIAL PRIMARY KEY,
    key_hash         TEXT NOT NULL UNIQUE,            -- SHA-256 of the event key: quarantining twice keeps one row
    event_key        TEXT,                            -- the key, JSON-escaped and cut to 500 characters (for reading)
    type             TEXT,
    source           TEXT,
    door_id          TEXT,
    received_at      TIMESTAMPTZ,
    encoding         TEXT NOT NULL CHECK (encoding IN ('event', 'text', 'base64')),
    content          TEXT NOT NULL,                   -- the whole event: its journal line ('event'), or an unreadable line
    sql_state        TEXT,
    reason           TEXT NOT NULL,
    quarantined_at   TIMESTAMPTZ NOT NULL,
    stored_at        TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    resolved_at      TIMESTAMPTZ,
    resolved_by      TEXT,
    resolve_comment  TEXT
);

CREATE INDEX quarantined_events_pending ON quarantined_events (id) WHERE resolved_at IS NULL;
