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

    /**
     * A logged table: its kind (as leaves and the inbox name it), its name and its key column. Every
     * statement that reads a logged row is derived from this one list, so a new logged table is added
     * here once and the appender, the proofs and verify-log all read it the same way.
     */
    record Table(String kind, String name, String id) {

        /** The rows of an array of ids ($1): an index scan in the generic plan as in the custom one. */
        String byIds() {
            return byIds(TO_JSONB);
        }

        /** {@link #byIds()} with the row rendered by {@code render} (an expression of the row {@code t}). */
        String byIds(String render) {
            return "SELECT t." + id + " AS id, " + render + " AS doc FROM " + name + " t WHERE t." + id + " = ANY($1::bigint[])";
        }

        /**
         * The rows with ids in [$1, $2] (verify-log: a range of dense ids, one index range scan), rendered by
         * {@code render}. In no order: an ORDER BY made PostgreSQL sort the rendered rows, on disk beyond work_mem.
         */
        String byRange(String render) {
            return "SELECT t." + id + " AS id, " + render + " AS doc FROM " + name + " t WHERE t." + id + " >= $1 AND t."
                    + id + " <= $2";
        }

        /** The document of one row (a scalar subquery on the leaf's row id, {@code q.row_id}). */
        String docOf(String rowIdColumn) {
            return "(SELECT to_jsonb(t)::text FROM " + name + " t WHERE t." + id + " = " + rowIdColumn + ")";
        }
    }

    /** How a leaf's row is rendered, by definition (docs/evidence.md, Leaves). */
    static final String TO_JSONB = "to_jsonb(t)::text";

    /** The logged kinds, their tables and id columns. */
    static final List<Table> TABLES = List.of(new Table("event", "events", "id"), new Table("audit", "audit_trail", "id"),
            new Table("policy_change", "policy_changes", "version"), new Table("policy_delta", "policy_deltas", "seq"),
            new Table("erasure", "tlog_erasures", "id"));

    /** A statement written for the Vert.x client ({@code $1, $2}, in order) as JDBC writes it ({@code ?}). */
    static String jdbc(String sql) {
        return sql.replaceAll("\\$[0-9]+", "?");
    }

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
            String sql = table(e.getKey()).byIds();
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

    /** The table of a kind. */
    static Table table(String kind) {
        for (Table t : TABLES) {
            if (t.kind().equals(kind)) {
                return t;
            }
        }
        throw new IllegalStateException("the inbox names an unknown kind: " + kind);
    }
}
