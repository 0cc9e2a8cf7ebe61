package io.cagekeeper.gateway.events;

import io.cagekeeper.gateway.alarms.AlarmAction;
import io.cagekeeper.gateway.alarms.AlarmRules;
import io.cagekeeper.gateway.alarms.AlarmStore;
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
import java.util.List;
import java.util.Optional;

/**
 * Owns the {@code quarantined_events} table. Putting an entry there also stores, in the same
 * transaction, its {@code EVENT_QUARANTINED} notice in the event log (which raises the alarm through
 * {@link AlarmRules}) and the alarms the refused event would itself have raised, made from a
 * storable copy of it: a forced door whose event was refused still raises its alarm.
 */
public final class QuarantineStore {

    private static final String INSERT = """
            INSERT INTO quarantined_events (key_hash, event_key, type, source, door_id, received_at, encoding, content,
                                            sql_state, reason, quarantined_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (key_hash) DO NOTHING
            RETURNING id
            """;
    private static final String LIST = """
            SELECT id, event_key, type, source, door_id, received_at, encoding, content, sql_state, reason, quarantined_at,
                   stored_at, resolved_at, resolved_by, resolve_comment
            FROM quarantined_events
            WHERE ($1::boolean IS NOT TRUE OR resolved_at IS NULL)
            ORDER BY id DESC
            LIMIT $2
            """;
    private static final String PENDING = "SELECT count(*) FROM quarantined_events WHERE resolved_at IS NULL";
    private static final String RESOLVE = """
            UPDATE quarantined_events SET resolved_at = now(), resolved_by = $2, resolve_comment = $3
            WHERE id = $1 AND resolved_at IS NULL
            RETURNING id
            """;
    private static final String EXISTS = "SELECT 1 FROM quarantined_events WHERE id = $1";

    private final Pool pool;

    public QuarantineStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores the entries, each in its own transaction with its notice and alarms; fails if PostgreSQL cannot be asked. */
    Future<Void> put(List<QuarantineEntry> entries) {
        Future<Void> f = Future.succeededFuture();
        for (QuarantineEntry e : entries) {
            f = f.compose(v -> put(e));
        }
        return f;
    }

    private Future<Void> put(QuarantineEntry e) {
        return pool.withTransaction(conn -> insert(conn, e, true)).recover(err -> {
            if (!StoreFailures.refusedForContent(err)) {
                return Future.failedFuture(err);
            }
            // the notice or the copy was refused too (it never should be): keep at least the entry itself
            return pool.withTransaction(conn -> insert(conn, e, false));
        });
    }

    private static Future<Void> insert(SqlClient conn, QuarantineEntry e, boolean withNotice) {
        Tuple row = Tuple.tuple(List.of()).addString(e.keyHash()).addString(e.key()).addString(e.type())
                .addString(e.source()).addString(e.doorId()).addOffsetDateTime(odt(e.receivedAt())).addString(e.encoding())
                .addString(e.content()).addString(e.sqlState()).addString(e.reason()).addOffsetDateTime(odt(e.quarantinedAt()));
        return conn.preparedQuery(INSERT).execute(row).compose(rs -> {
            if (rs.size() == 0 || !withNotice) {
                return Future.succeededFuture();
            }
            GatewayEvent notice = e.notice();
            Future<Void> f = EventStore.insertWithAlarms(conn, notice, AlarmRules.actionsFor(notice));
            GatewayEvent copy = e.storableCopy();
            if (copy != null) {
                for (AlarmAction a : AlarmRules.actionsFor(copy)) {
                    f = f.compose(v -> AlarmStore.apply(conn, a, copy));
                }
            }
            return f;
        });
    }

    /** Newest first; {@code pendingOnly} leaves out the resolved ones. */
    public Future<JsonArray> list(boolean pendingOnly, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(pendingOnly, limit)).map(rows -> {
            JsonArray out = new JsonArray();
            for (Row r : rows) {
                out.add(new JsonObject().put("id", r.getLong("id")).put("eventKey", r.getString("event_key"))
                        .put("type", r.getString("type")).put("source", r.getString("source"))
                        .put("doorId", r.getString("door_id")).put("receivedAt", text(r.getOffsetDateTime("received_at")))
                        .put("encoding", r.getString("encoding")).put("content", r.getString("content"))
                        .put("sqlState", r.getString("sql_state")).put("reason", r.getString("reason"))
                        .put("quarantinedAt", text(r.getOffsetDateTime("quarantined_at")))
                        .put("storedAt", text(r.getOffsetDateTime("stored_at")))
                        .put("resolvedAt", text(r.getOffsetDateTime("resolved_at")))
                        .put("resolvedBy", r.getString("resolved_by")).put("resolveComment", r.getString("resolve_comment")));
            }
            return out;
        });
    }

    /** How many entries no operator has resolved yet; doubles as the health check's database probe. */
    public Future<Long> pending() {
        return pool.query(PENDING).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Empty for an unknown entry; false when it was already resolved. The entry itself is never changed or deleted. */
    public Future<Optional<Boolean>> resolve(long id, String by, String comment) {
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(id, by, comment)).compose(rs -> rs.size() == 1
                ? Future.succeededFuture(Optional.of(true))
                : pool.preparedQuery(EXISTS).execute(Tuple.of(id)).map(ex -> ex.size() == 0 ? Optional.empty() : Optional.of(false)));
    }

    private static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
