package io.cagekeeper.reconciliation.input;

/**
 * The queries of the database path, over the gateway's schema (gateway/src/main/resources/db/migration),
 * each giving the columns of its canonical table in order. The gateway owns these tables; reconciliation
 * only reads them, all in one REPEATABLE READ, READ ONLY transaction (one consistent snapshot).
 * {@code $1} and {@code $2} are the period's bounds where a query takes them.
 */
final class DbQueries {

    private DbQueries() {
    }

    /**
     * Grants, one row per zone their access level's doors lead into; visits, one row per zone of their zone's
     * subtree. A grant written by the policy tools rather than the approval workflow has an approver but no
     * approval time: the time it first entered the ACL change log (when it was put in force) stands in.
     */
    static final String APPROVALS = """
            WITH RECURSIVE subtree (root, zone) AS (
                SELECT id, id FROM zones
                UNION ALL
                SELECT s.root, z.id FROM subtree s JOIN zones z ON z.parent_id = s.zone
            ), level_zones AS (
                SELECT DISTINCT ald.access_level_id, d.to_zone AS zone
                FROM access_level_doors ald JOIN doors d ON d.id = ald.door_id
            )
            SELECT g.id, 'GRANT' AS kind, g.person_id, lz.zone, g.valid_from, g.valid_until, g.state, g.requested_by,
                   g.requested_at, g.approved_by,
                   COALESCE(g.approved_at, (SELECT min(c.changed_at) FROM policy_deltas d JOIN policy_changes c ON c.version = d.version
                                            WHERE d.tbl = 'grants' AND d.key = g.id)),
                   g.revoked_at, NULL::text AS escort, NULL::text AS organization,
                   NULL::text AS host, NULL::text AS purpose, NULL::text AS id_type, NULL::timestamptz AS checked_in_at,
                   NULL::timestamptz AS checked_out_at, NULL::text AS credential
            FROM grants g JOIN level_zones lz ON lz.access_level_id = g.access_level_id
            UNION ALL
            SELECT v.id, 'VISIT', v.visitor_person_id, s.zone, v.valid_from, v.valid_until, v.state, v.requested_by,
                   v.requested_at, v.approved_by, v.approved_at, NULL, v.escort_person_id, v.organization, v.host_person_id,
                   v.purpose, v.id_document_type, v.checked_in_at, v.checked_out_at, v.visitor_credential_id
            FROM visits v JOIN subtree s ON s.root = v.zone_id
            ORDER BY 1, 4
            """;

    static final String PERSONS = "SELECT id, name, type, organization, terminated_at FROM persons ORDER BY id";

    static final String CREDENTIALS = """
            SELECT id, card, person_id, status, valid_from, valid_until, visit_id FROM credentials ORDER BY id
            """;

    static final String CREDENTIAL_STATUS = """
            SELECT credential_id, at, from_status, to_status, actor, approval_id::text
            FROM credential_status_changes ORDER BY at, id
            """;

    static final String HEARTBEATS = """
            SELECT source, received_at, device_seq, device_ts FROM events
            WHERE type = 'READER_HEARTBEAT' AND received_at >= $1 AND received_at < $2
            ORDER BY received_at, id
            """;

    /** The ACL change log: each delta with its version's time and author, and the approval of its grant or visit. */
    static final String ACL_CHANGES = """
            SELECT d.seq, c.changed_at, c.changed_by, d.tbl, d.key, d.op, d.image ->> 'state',
                   (SELECT a.id::text FROM approvals a
                    WHERE a.kind = CASE d.tbl WHEN 'grants' THEN 'GRANT' ELSE 'VISIT' END
                      AND a.subject_id = d.key AND a.state = 'APPROVED'
                    ORDER BY a.decided_at, a.id LIMIT 1)
            FROM policy_deltas d JOIN policy_changes c ON c.version = d.version
            WHERE c.changed_at >= $1 AND c.changed_at < $2
            ORDER BY d.seq
            """;

    /**
     * Events but heartbeats, as stored. The zone and the direction are the reader's (below), looked up in
     * memory: a join per row made PostgreSQL, on the same cores as the reconciler, the slower half.
     */
    static final String EVENTS = """
            SELECT e.id, e.received_at, e.source, e.device_seq, e.type, e.result, e.card, e.person_id, e.door_id,
                   e.device_ts, e.snapshot_version, e.stored_at
            FROM events e
            WHERE e.type <> 'READER_HEARTBEAT' AND e.received_at >= $1 AND e.received_at < $2
            ORDER BY e.received_at, e.id
            """;

    /**
     * An event's zone and direction: when its source is a reader, the {@code to_zone} of the event's door
     * and the reader's side ({@code EXIT}: OUT, else IN); for any other source neither.
     */
    static final String READER_SIDES = "SELECT id, side FROM readers";

    static final String DOOR_ZONES = "SELECT id, to_zone FROM doors";
}
