-- Version 6: replay protection that survives a restart or a flood. Every credential and event a reader
-- sent is claimed here by (reader, msgId) BEFORE it is decided, so a message the gateway has acted on is
-- recognised for ever (a redelivery repeats the recorded answer and never releases a door again), not
-- only while it is in an in-memory window. `in_sequence` says whether the message counted towards the
-- reader's seq high-water mark (false for replays and unconfirmed jumps), `seq_reset` marks a fresh
-- BOOT that restarted the reader's seq (a factory reset): the high-water mark at start-up is the highest
-- in-sequence seq since the reader's last reset.
CREATE TABLE reader_messages (
    reader_id    TEXT NOT NULL,
    msg_id       TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    device_ts    TIMESTAMPTZ,
    received_at  TIMESTAMPTZ NOT NULL,
    in_sequence  BOOLEAN NOT NULL,
    seq_reset    BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (reader_id, msg_id)
);

CREATE INDEX reader_messages_received_at ON reader_messages (received_at);
CREATE INDEX reader_messages_resets ON reader_messages (reader_id, received_at) WHERE seq_reset;

-- Each reader's clock offset (server clock minus reader clock, in ms), learnt from its signed
-- heartbeats: a credential read more than the freshness limit before now, on the corrected clock, is
-- STALE and never opens a door. Kept so that a restarted gateway judges freshness at once.
CREATE TABLE reader_clocks (
    reader_id   TEXT PRIMARY KEY,
    samples_ms  BIGINT[] NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
