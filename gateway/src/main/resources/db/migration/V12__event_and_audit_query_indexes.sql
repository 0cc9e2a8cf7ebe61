-- Version 12: every filter of the event and audit-trail queries (GET /api/events, /api/audit and
-- their CSV exports) is served by an index whose order is the keyset's, (time, id): a page is an
-- index range scan of `limit` rows whatever the table's size, newest or oldest first, never a
-- sort of everything that matches (docs/api.md, BENCHMARKS.md: checked with EXPLAIN on 10M events).
-- The V1 indexes on (received_at), (door_id, received_at) and (type, received_at) are replaced by
-- the same with id last (a page boundary between two events of one instant needs it); no more
-- indexes than filters, since each one costs every insert on the badge path.
-- On a site with many stored events this migration builds the indexes once at upgrade (minutes for
-- ten million rows, writes to events blocked meanwhile: the gateway journals what arrives).

DROP INDEX IF EXISTS events_received_at;
DROP INDEX IF EXISTS events_door;
DROP INDEX IF EXISTS events_type;
CREATE INDEX events_received_at ON events (received_at, id);
CREATE INDEX events_door ON events (door_id, received_at, id);
CREATE INDEX events_type ON events (type, received_at, id);
CREATE INDEX events_person ON events (person_id, received_at, id) WHERE person_id IS NOT NULL;
CREATE INDEX events_card ON events (card, received_at, id) WHERE card IS NOT NULL;
CREATE INDEX events_result ON events (result, received_at, id) WHERE result IS NOT NULL;

-- the audit trail is paged by (at, id); the V9 indexes by actor and resource keep serving their callers
CREATE INDEX audit_trail_actor_at ON audit_trail (actor, at, id);
CREATE INDEX audit_trail_resource_at ON audit_trail (resource, at, id);
CREATE INDEX audit_trail_resource_id_at ON audit_trail (resource_id, at, id) WHERE resource_id IS NOT NULL;
CREATE INDEX audit_trail_action_at ON audit_trail (action, at, id);
CREATE INDEX audit_trail_outcome_at ON audit_trail (outcome, at, id);
