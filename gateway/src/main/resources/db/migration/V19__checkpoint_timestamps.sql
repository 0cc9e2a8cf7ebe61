-- Version 19: RFC 3161 time-stamps of signed checkpoints (docs/evidence.md, "Time-stamps"). When a
-- time-stamping authority is configured (tlog.tsaUrl), each checkpoint's signed note is sent to it and the
-- TimeStampToken it answers (DER), checked against tlog.tsaCert, is kept here: one row per token, never
-- changed. A checkpoint may have none (the TSA was down: the next period tries again) or, rarely, two.
-- Append-only like the log's other tables: the gateway's role has INSERT and SELECT (GatewayRole's
-- default), and the trigger refuses UPDATE, DELETE and TRUNCATE to everyone.
CREATE TABLE tlog_timestamps (
    id             BIGSERIAL PRIMARY KEY,
    -- tlog_checkpoints.id; no foreign key: it would make TRUNCATE of the checkpoints fail on the key
    -- before the append-only trigger could refuse it (and the checkpoints are never deleted)
    checkpoint_id  BIGINT NOT NULL,
    token          BYTEA NOT NULL,
    gen_time       TIMESTAMPTZ NOT NULL,
    stored_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX tlog_timestamps_checkpoint ON tlog_timestamps (checkpoint_id);

CREATE TRIGGER tlog_timestamps_append_only BEFORE UPDATE OR DELETE ON tlog_timestamps
    FOR EACH ROW EXECUTE FUNCTION tlog_refuse_change();
CREATE TRIGGER tlog_timestamps_no_truncate BEFORE TRUNCATE ON tlog_timestamps
    FOR EACH STATEMENT EXECUTE FUNCTION tlog_refuse_change();
