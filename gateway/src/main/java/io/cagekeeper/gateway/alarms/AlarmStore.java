package io.cagekeeper.gateway.alarms;

import io.cagekeeper.gateway.events.GatewayEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Owns the {@code alarms} table. Raising an alarm whose condition is already open only counts the
 * repeat; clearing closes it; acknowledging records who saw it and what they said. Operator actions
 * refuse alarms in the wrong state rather than rewriting history.
 */
public final class AlarmStore {

    private static final String RAISE = """
            INSERT INTO alarms (alarm_key, type, severity, source, state, message, raised_at, last_seen_at, event_key)
            VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $6, $6, $7)
            ON CONFLICT (alarm_key) WHERE state <> 'CLEARED'
            DO UPDATE SET occurrences = alarms.occurrences + 1, last_seen_at = EXCLUDED.last_seen_at
            """;
    private static final String AUTO_CLEAR = """
            UPDATE alarms SET state = 'CLEARED', cleared_at = $2, cleared_by = 'system', clear_comment = $3
            WHERE alarm_key = $1 AND state <> 'CLEARED'
            """;
    private static final String ACKNOWLEDGE = """
            UPDATE alarms SET state = 'ACKNOWLEDGED', acknowledged_by = $2, acknowledged_at = now(), ack_comment = $3
            WHERE id = $1 AND state = 'ACTIVE'
            RETURNING id
            """;
    private static final String CLEAR = """
            UPDATE alarms SET state = 'CLEARED', cleared_by = $2, cleared_at = now(), clear_comment = $3
            WHERE id = $1 AND state <> 'CLEARED'
            RETURNING id
            """;
    private static final String OPEN_BY_SEVERITY = """
            SELECT severity, count(*) AS open FROM alarms WHERE state <> 'CLEARED' GROUP BY severity
            """;
    private static final String LIST = """
            SELECT id, alarm_key, type, severity, source, state, message, raised_at, last_seen_at, occurrences, event_key,
                   acknowledged_by, acknowledged_at, ack_comment, cleared_by, cleared_at, clear_comment
            FROM alarms
            WHERE ($1::text IS NULL OR state = $1 OR ($1 = 'OPEN' AND state <> 'CLEARED'))
              AND ($2::text IS NULL OR severity = $2) AND ($3::text IS NULL OR type = $3) AND ($4::text IS NULL OR source = $4)
              AND ($5::timestamptz IS NULL OR raised_at >= $5) AND ($6::timestamptz IS NULL OR raised_at < $6)
              AND ($7::bigint IS NULL OR id < $7)
            ORDER BY id DESC LIMIT $8
            """;

    /**
     * Which alarms to list: {@code state} ACTIVE, ACKNOWLEDGED, CLEARED or OPEN (not cleared), and
     * severity, type, source, raised in [from, to); {@code beforeId} pages back (keyset: ids below it).
     * Null means any.
     */
    public record Filter(String state, String severity, String type, String source, Instant from, Instant to, Long beforeId,
                         int limit) {
        public static Filter state(String state, int limit) {
            return new Filter(state, null, null, null, null, null, null, limit);
        }
    }

    private final Pool pool;

    public AlarmStore(Pool pool) {
        this.pool = pool;
    }

    /** Applies one action caused by {@code event}, inside the caller's transaction. */
    public static Future<Void> apply(SqlClient conn, AlarmAction a, GatewayEvent event) {
        OffsetDateTime at = event.receivedAt().atOffset(ZoneOffset.UTC);
        if (a.kind() == AlarmAction.Kind.RAISE) {
            return conn.preparedQuery(RAISE).execute(Tuple.of(a.alarmKey(), a.type(), a.severity().name(), event.source(),
                    a.message() == null ? a.type() : a.message(), at, event.key())).mapEmpty();
        }
        return conn.preparedQuery(AUTO_CLEAR).execute(Tuple.of(a.alarmKey(), at, "condition ended: " + event.type()))
                .mapEmpty();
    }

    /** True when the alarm was active and is now acknowledged. */
    public Future<Boolean> acknowledge(long id, String by, String comment) {
        return pool.preparedQuery(ACKNOWLEDGE).execute(Tuple.of(id, by, comment)).map(rs -> rs.size() == 1);
    }

    /** True when the alarm was open and is now cleared. */
    public Future<Boolean> clear(long id, String by, String comment) {
        return pool.preparedQuery(CLEAR).execute(Tuple.of(id, by, comment)).map(rs -> rs.size() == 1);
    }

    /** Whether an alarm with this id exists at all (an operator action on an unknown alarm is a 404, not a 409). */
    public Future<Boolean> exists(long id) {
        return pool.preparedQuery("SELECT 1 FROM alarms WHERE id = $1").execute(Tuple.of(id)).map(rs -> rs.size() > 0);
    }

    /** Alarms not cleared (active or acknowledged), counted by severity; a severity with none is absent. */
    public Future<java.util.Map<String, Long>> openBySeverity() {
        return pool.query(OPEN_BY_SEVERITY).execute().map(rows -> {
            java.util.Map<String, Long> open = new java.util.HashMap<>();
            for (Row r : rows) {
                open.put(r.getString("severity"), r.getLong("open"));
            }
            return open;
        });
    }

    public Future<JsonArray> list(String state, int limit) {
        return list(Filter.state(state, limit));
    }

    public Future<JsonArray> list(Filter f) {
        return pool.preparedQuery(LIST).execute(Tuple.tuple().addValue(f.state()).addValue(f.severity()).addValue(f.type())
                .addValue(f.source()).addValue(f.from() == null ? null : f.from().atOffset(ZoneOffset.UTC))
                .addValue(f.to() == null ? null : f.to().atOffset(ZoneOffset.UTC)).addValue(f.beforeId()).addValue(f.limit())).map(rows -> {
            JsonArray out = new JsonArray();
            for (Row r : rows) {
                out.add(new JsonObject()
                        .put("id", r.getLong("id")).put("key", r.getString("alarm_key")).put("type", r.getString("type"))
                        .put("severity", r.getString("severity")).put("source", r.getString("source"))
                        .put("state", r.getString("state")).put("message", r.getString("message"))
                        .put("raisedAt", text(r.getOffsetDateTime("raised_at")))
                        .put("lastSeenAt", text(r.getOffsetDateTime("last_seen_at")))
                        .put("occurrences", r.getInteger("occurrences")).put("eventKey", r.getString("event_key"))
                        .put("acknowledgedBy", r.getString("acknowledged_by"))
                        .put("acknowledgedAt", text(r.getOffsetDateTime("acknowledged_at")))
                        .put("ackComment", r.getString("ack_comment")).put("clearedBy", r.getString("cleared_by"))
                        .put("clearedAt", text(r.getOffsetDateTime("cleared_at"))).put("clearComment", r.getString("clear_comment")));
            }
            return out;
        });
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }

}
