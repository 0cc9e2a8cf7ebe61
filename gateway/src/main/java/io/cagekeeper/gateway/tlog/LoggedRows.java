package io.cagekeeper.gateway.tlog;

/**
 * The tables whose rows the log commits to, and the SQL that renders a row as its leaf's document:
 * one place, so the appender and the verifier read a row the same way.
 */
final class LoggedRows {

    private LoggedRows() {
    }

    /** Run first in every transaction that renders rows: {@code to_jsonb} writes timestamps in the session's zone. */
    static final String UTC = "SET LOCAL TimeZone = 'UTC'";

    /** The row document of the reference {@code q(kind, row_id)}, NULL when the row is gone. */
    static final String DOC = "coalesce(to_jsonb(e), to_jsonb(a), to_jsonb(c), to_jsonb(d), to_jsonb(x))::text";

    /** Joins a reference {@code q(kind, row_id)} to its row. */
    static final String JOINS = """
             LEFT JOIN events e ON q.kind = 'event' AND e.id = q.row_id
             LEFT JOIN audit_trail a ON q.kind = 'audit' AND a.id = q.row_id
             LEFT JOIN policy_changes c ON q.kind = 'policy_change' AND c.version = q.row_id
             LEFT JOIN policy_deltas d ON q.kind = 'policy_delta' AND d.seq = q.row_id
             LEFT JOIN tlog_erasures x ON q.kind = 'erasure' AND x.id = q.row_id
            """;

    /** The logged kinds, their tables and id columns (verify-log looks for rows the log lacks). */
    static final String[][] TABLES = {
        {"event", "events", "id"}, {"audit", "audit_trail", "id"}, {"policy_change", "policy_changes", "version"},
        {"policy_delta", "policy_deltas", "seq"}, {"erasure", "tlog_erasures", "id"}};

    /** The advisory lock the appender and tlog_erase() hold (V16). */
    static final long LOCK = 1100110016L;
}
