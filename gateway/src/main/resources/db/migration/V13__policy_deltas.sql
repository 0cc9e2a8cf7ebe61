-- Version 13 (issue 11): the policy change log. Every policy change gets its version in COMMIT ORDER
-- and records, per version, the rows it changed, so a gateway applies a change as those rows only
-- (PolicyDeltas, PolicyHolder) and any version can be rebuilt from a checkpoint plus the deltas after it.
--
-- Commit order: inserting a policy_changes row takes a transaction-level advisory lock first and only
-- then draws the version (the BEFORE trigger below), so policy changes are serialized and a version
-- commits only after every smaller one has committed or rolled back. PolicyStore inserts that row
-- FIRST in every change; the trigger puts its version into the transaction-local setting
-- cagekeeper.policy_version, which the row triggers read.
--
-- A write that bypasses the gateway (an operator's raw SQL) is still logged: a row trigger that finds
-- no version in the setting opens one itself (changed_by 'sql:<session user>'), under the same lock.
-- An explicit INSERT INTO policy_changes afterwards in the same transaction opens a further version
-- (with no rows of its own unless more writes follow): harmless, it is applied as an empty change.
--
-- Completeness: at commit a deferred trigger stores in policy_changes.delta_rows how many delta rows
-- the version has; a reader that finds fewer (a lost or deleted row) knows of the gap and reads the
-- whole policy instead. Versions recorded before this migration have delta_rows NULL (no deltas).
--
-- No PIN hash ever enters policy_deltas (old PIN hashes must not survive in history): a credential's
-- image has pin_set (true when it has one) in its place; the live apply reads the current hash from
-- credentials. TRUNCATE of a policy table is refused (it would bypass the row triggers).

ALTER TABLE policy_changes ADD COLUMN delta_rows INT;

CREATE TABLE policy_deltas (
    version  BIGINT NOT NULL REFERENCES policy_changes (version),
    seq      BIGSERIAL NOT NULL,
    tbl      TEXT NOT NULL,
    key      TEXT NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),
    image    JSONB NOT NULL,
    PRIMARY KEY (version, seq)
);

-- checkpoints: only some versions keep the whole policy; the others keep their hash and time only
ALTER TABLE policy_snapshots ALTER COLUMN data DROP NOT NULL;

CREATE FUNCTION policy_change_open() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1100110013);
    NEW.version := nextval(pg_get_serial_sequence('policy_changes', 'version'));
    PERFORM set_config('cagekeeper.policy_version', NEW.version::text, true);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER policy_changes_open BEFORE INSERT ON policy_changes
    FOR EACH ROW EXECUTE FUNCTION policy_change_open();

-- runs as the schema owner: the gateway's role may not update policy_changes (GatewayRole)
CREATE FUNCTION policy_change_count() RETURNS trigger AS $$
BEGIN
    UPDATE policy_changes SET delta_rows = (SELECT count(*) FROM policy_deltas WHERE version = NEW.version)
    WHERE version = NEW.version;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = public;

CREATE CONSTRAINT TRIGGER policy_changes_count AFTER INSERT ON policy_changes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION policy_change_count();

CREATE FUNCTION policy_delta_key(image JSONB, columns TEXT[]) RETURNS TEXT AS $$
    SELECT string_agg(coalesce(image ->> c, ''), '/' ORDER BY n) FROM unnest(columns) WITH ORDINALITY AS k (c, n);
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION policy_delta_image(image JSONB) RETURNS JSONB AS $$
    SELECT CASE WHEN image ? 'pin_hash'
                THEN (image - 'pin_hash') || jsonb_build_object('pin_set', image ->> 'pin_hash' IS NOT NULL)
                ELSE image END;
$$ LANGUAGE sql IMMUTABLE;

-- TG_ARGV: the key columns of the table
CREATE FUNCTION policy_delta_record() RETURNS trigger AS $$
DECLARE
    v        BIGINT := nullif(current_setting('cagekeeper.policy_version', true), '')::bigint;
    old_key  TEXT;
    new_key  TEXT;
BEGIN
    IF v IS NULL THEN
        INSERT INTO policy_changes (changed_by, summary)
        VALUES ('sql:' || session_user, 'direct SQL change of ' || TG_TABLE_NAME) RETURNING version INTO v;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_key := policy_delta_key(to_jsonb(OLD), TG_ARGV);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := policy_delta_key(to_jsonb(NEW), TG_ARGV);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND old_key <> new_key) THEN
        INSERT INTO policy_deltas (version, tbl, key, op, image)
        VALUES (v, TG_TABLE_NAME, old_key, 'D', policy_delta_image(to_jsonb(OLD)));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO policy_deltas (version, tbl, key, op, image)
        VALUES (v, TG_TABLE_NAME, new_key, CASE WHEN old_key = new_key THEN 'U' ELSE 'I' END,
                policy_delta_image(to_jsonb(NEW)));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION policy_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'TRUNCATE of policy table % bypasses the change log: DELETE the rows instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('site', 'id'), ('zones', 'id'), ('doors', 'id'), ('readers', 'id'), ('persons', 'id'),
            ('credentials', 'id'), ('schedules', 'id'), ('access_levels', 'id'),
            ('access_level_doors', 'access_level_id,door_id'), ('grants', 'id'), ('visits', 'id'),
            ('zone_policies', 'zone_id'), ('door_modes', 'door_id,mode,schedule_id'), ('restrictions', 'id'),
            ('threat_rules', 'level'), ('site_settings', 'id'), ('holiday_calendars', 'id'),
            ('schedule_overrides', 'schedule_id,calendar_id')) AS x (tbl, cols)
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION policy_delta_record(%s)',
                       t.tbl || '_delta', t.tbl,
                       (SELECT string_agg(quote_literal(c), ', ') FROM unnest(string_to_array(t.cols, ',')) AS c));
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION policy_refuse_truncate()', t.tbl || '_no_truncate', t.tbl);
    END LOOP;
END;
$$;
