-- Version 16 (issue 14): the verifiable log. Every stored event, audit-trail row, policy change, policy
-- delta and erasure becomes a leaf of an RFC 9162 Merkle tree, in the order the log appender finds them
-- committed (docs/evidence.md).
--
-- tlog_inbox: statement triggers on the logged tables put (kind, row id) here in the writing
-- transaction, so a committed row is never missed whatever order transactions commit in. The gateway's
-- appender takes the inbox in order, gives each row the next dense leaf index, stores the leaf and the
-- tree's completed nodes, and deletes what it took: one transaction, off the badge path.
--
-- tlog_leaves, tlog_nodes, tlog_checkpoints and tlog_erasures are append-only: the gateway's role gets
-- INSERT and SELECT only (GatewayRole) and a trigger refuses UPDATE, DELETE and TRUNCATE for everyone
-- (the schema owner can drop the trigger, which is what verify-log and the checkpoints held outside
-- the database are for).
--
-- Personal fields of an event (card, person_id, sentence) are committed to through an HMAC with a key of
-- their subject (tlog_subject_keys); tlog_erase() removes the fields and the key and logs the erasure,
-- and every proof stays valid.

CREATE TABLE tlog_inbox (
    seq     BIGSERIAL PRIMARY KEY,
    kind    TEXT NOT NULL,
    row_id  BIGINT NOT NULL
);

CREATE TABLE tlog_subject_keys (
    key_id      BIGSERIAL PRIMARY KEY,
    subject     TEXT NOT NULL UNIQUE,
    key         BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE tlog_leaves (
    idx           BIGINT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('event', 'audit', 'policy_change', 'policy_delta', 'erasure')),
    row_id        BIGINT NOT NULL,
    leaf_hash     BYTEA NOT NULL,
    personal_mac  BYTEA,
    key_id        BIGINT,
    logged_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (kind, row_id)
);

-- every perfect subtree above the leaves: node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level)
CREATE TABLE tlog_nodes (
    level  SMALLINT NOT NULL,
    idx    BIGINT NOT NULL,
    hash   BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE tlog_checkpoints (
    id         BIGSERIAL PRIMARY KEY,
    size       BIGINT NOT NULL,
    root       BYTEA NOT NULL,
    note       TEXT NOT NULL,
    signed_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX tlog_checkpoints_size ON tlog_checkpoints (size);

-- what was erased, when, by whom, under which rule: never who (the subject's name is what was erased)
CREATE TABLE tlog_erasures (
    id         BIGSERIAL PRIMARY KEY,
    key_id     BIGINT NOT NULL,
    erased_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    erased_by  TEXT NOT NULL,
    rule       TEXT NOT NULL,
    events     BIGINT NOT NULL
);

CREATE FUNCTION tlog_enqueue() RETURNS trigger AS $$
BEGIN
    EXECUTE format('INSERT INTO tlog_inbox (kind, row_id) SELECT %L, %I FROM tlog_new ORDER BY %I',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_tlog AFTER INSERT ON events REFERENCING NEW TABLE AS tlog_new
    FOR EACH STATEMENT EXECUTE FUNCTION tlog_enqueue('event', 'id');
CREATE TRIGGER audit_trail_tlog AFTER INSERT ON audit_trail REFERENCING NEW TABLE AS tlog_new
    FOR EACH STATEMENT EXECUTE FUNCTION tlog_enqueue('audit', 'id');
CREATE TRIGGER policy_changes_tlog AFTER INSERT ON policy_changes REFERENCING NEW TABLE AS tlog_new
    FOR EACH STATEMENT EXECUTE FUNCTION tlog_enqueue('policy_change', 'version');
CREATE TRIGGER policy_deltas_tlog AFTER INSERT ON policy_deltas REFERENCING NEW TABLE AS tlog_new
    FOR EACH STATEMENT EXECUTE FUNCTION tlog_enqueue('policy_delta', 'seq');
CREATE TRIGGER tlog_erasures_tlog AFTER INSERT ON tlog_erasures REFERENCING NEW TABLE AS tlog_new
    FOR EACH STATEMENT EXECUTE FUNCTION tlog_enqueue('erasure', 'id');

-- rows stored before this migration: leaves in id order, kind by kind
INSERT INTO tlog_inbox (kind, row_id) SELECT 'policy_change', version FROM policy_changes ORDER BY version;
INSERT INTO tlog_inbox (kind, row_id) SELECT 'policy_delta', seq FROM policy_deltas ORDER BY seq;
INSERT INTO tlog_inbox (kind, row_id) SELECT 'event', id FROM events ORDER BY id;
INSERT INTO tlog_inbox (kind, row_id) SELECT 'audit', id FROM audit_trail ORDER BY id;

CREATE FUNCTION tlog_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'tlog_subject_keys' AND TG_OP = 'DELETE'
            AND current_setting('cagekeeper.tlog_erasing', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% of % refused: the verifiable log is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['tlog_leaves', 'tlog_nodes', 'tlog_checkpoints', 'tlog_erasures', 'tlog_subject_keys'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION tlog_refuse_change()',
                       t || '_append_only', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION tlog_refuse_change()',
                       t || '_no_truncate', t);
    END LOOP;
END;
$$;

-- Erasure of one subject's personal data (a person id, or 'card:<number>' for an unknown card): the
-- events keep every other field and their leaves; their personal fields and the subject's key go, and
-- the erasure is logged. Runs as the schema owner, and only the owner may call it (no API erases yet;
-- the gateway's role may neither call it nor update events or delete keys itself). Answers the
-- erasure's id.
CREATE FUNCTION tlog_erase(p_subject TEXT, p_by TEXT, p_rule TEXT) RETURNS BIGINT AS $$
DECLARE
    k     BIGINT;
    n     BIGINT;
    out   BIGINT;
BEGIN
    SELECT key_id INTO k FROM tlog_subject_keys WHERE subject = p_subject;
    IF k IS NULL THEN
        RAISE EXCEPTION 'no logged personal data of this subject' USING ERRCODE = 'no_data_found';
    END IF;
    -- the appender must have taken every row of this subject, or a row would be logged after its key is gone
    PERFORM pg_advisory_xact_lock(1100110016);
    IF EXISTS (SELECT 1 FROM tlog_inbox i JOIN events e ON i.kind = 'event' AND e.id = i.row_id
               WHERE e.person_id = p_subject OR 'card:' || e.card = p_subject) THEN
        RAISE EXCEPTION 'events wait for the log appender: try again in a second' USING ERRCODE = 'lock_not_available';
    END IF;
    UPDATE events SET card = NULL, person_id = NULL, sentence = NULL
    WHERE id IN (SELECT row_id FROM tlog_leaves WHERE kind = 'event' AND key_id = k);
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('cagekeeper.tlog_erasing', 'on', true);
    DELETE FROM tlog_subject_keys WHERE key_id = k;
    PERFORM set_config('cagekeeper.tlog_erasing', 'off', true);
    INSERT INTO tlog_erasures (key_id, erased_by, rule, events) VALUES (k, p_by, p_rule, n) RETURNING id INTO out;
    RETURN out;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public;

REVOKE EXECUTE ON FUNCTION tlog_erase(TEXT, TEXT, TEXT) FROM PUBLIC;
