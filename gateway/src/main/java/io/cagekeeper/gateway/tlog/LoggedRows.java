package io.cagekeeper.gateway.tlog;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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

    /** A reference's key in {@link #documents}' answer. */
    static String ref(String kind, long rowId) {
        return kind + ':' + rowId;
    }

    /**
     * The row documents of many references: one primary-key read ({@code = ANY(array)}, an index scan
     * in the generic plan as in the custom one) per logged table they name, so the cost is the batch's
     * and never the table's. Keyed by {@link #ref}; a row that is gone has no entry (its document is null).
     */
    static <T> Future<Map<String, String>> documents(SqlClient c, List<T> refs, Function<T, String> kind, ToLongFunction<T> rowId) {
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        for (T r : refs) {
            byKind.computeIfAbsent(kind.apply(r), k -> new ArrayList<>()).add(rowId.applyAsLong(r));
        }
        Map<String, String> docs = new HashMap<>();
        Future<Void> all = Future.succeededFuture();
        for (Map.Entry<String, List<Long>> e : byKind.entrySet()) {
            String[] table = table(e.getKey());
            String sql = documentsSql(table);
            Long[] ids = e.getValue().toArray(new Long[0]);
            all = all.compose(v -> c.preparedQuery(sql).execute(Tuple.of((Object) ids)).map(rows -> {
                for (Row r : rows) {
                    docs.put(ref(e.getKey(), r.getLong("id")), r.getString("doc"));
                }
                return null;
            }));
        }
        return all.map(v -> docs);
    }

    /** The read of one table's rows by an array of ids ($1). */
    static String documentsSql(String[] table) {
        return "SELECT t." + table[2] + " AS id, to_jsonb(t)::text AS doc FROM " + table[1] + " t WHERE t." + table[2]
                + " = ANY($1::bigint[])";
    }

    private static String[] table(String kind) {
        for (String[] t : TABLES) {
            if (t[0].equals(kind)) {
                return t;
            }
        }
        throw new IllegalStateException("the inbox names an unknown kind: " + kind);
    }
}
