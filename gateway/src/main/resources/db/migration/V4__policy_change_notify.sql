-- Version 4: every recorded policy change notifies listeners at commit (channel policy_changed,
-- payload the new version), so gateways reload at once instead of waiting for their next check.
CREATE FUNCTION notify_policy_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('policy_changed', NEW.version::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER policy_changes_notify AFTER INSERT ON policy_changes
    FOR EACH ROW EXECUTE FUNCTION notify_policy_change();
