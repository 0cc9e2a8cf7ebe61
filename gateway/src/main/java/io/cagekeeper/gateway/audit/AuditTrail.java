package io.cagekeeper.gateway.audit;

import io.cagekeeper.gateway.db.Keyset;
import io.cagekeeper.gateway.db.RowPipe;
import io.cagekeeper.gateway.db.SqlFilter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Owns {@code audit_trail} (append-only for the gateway's database role). A change writes its row
 * with {@link #append(SqlClient, AuditEntry)} inside the change's own transaction, so a change
 * without its trail (or a trail without its change) cannot be committed; refusals and logins, which
 * change nothing else, use {@link #record}.
 */
public final class AuditTrail {

    static final String INSERT = """
            INSERT INTO audit_trail (actor, address, action, resource, resource_id, outcome, status, before, after, detail, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """;

    private static final String COLUMNS = "id, at, actor, address, action, resource, resource_id, outcome, status, before, after, detail, request_id";
    /* the query's fragments: only those a request uses are in its statement (V12 indexes each filter in (at, id) order) */
    private static final String SELECT = "SELECT " + COLUMNS + " FROM audit_trail WHERE true";
    private static final String FROM = " AND at >= ?";
    private static final String TO = " AND at < ?";
    private static final String ACTOR = " AND actor = ?";
    private static final String RESOURCE = " AND resource = ?";
    private static final String RESOURCE_ID = " AND resource_id = ?";
    private static final String ACTION = " AND action = ?";
    private static final String OUTCOME = " AND outcome = ?";
    private static final String AFTER_NEWER = " AND (at, id) > (?, ?)";
    private static final String AFTER_OLDER = " AND (at, id) < (?, ?)";
    private static final String OLDEST_FIRST = " ORDER BY at, id";
    private static final String NEWEST_FIRST = " ORDER BY at DESC, id DESC";
    private static final String LIMIT = " LIMIT ?";

    /** The columns of an export, in order. */
    public static final List<String> CSV_HEADER = List.of("id", "at", "actor", "address", "action", "resource", "resource_id",
            "outcome", "status", "before", "after", "detail", "request_id");

    private final Pool pool;

    public AuditTrail(Pool pool) {
        this.pool = pool;
    }

    /** Writes the entry in {@code c}'s transaction. */
    public Future<Void> append(SqlClient c, AuditEntry e) {
        return c.preparedQuery(INSERT).execute(tuple(e)).mapEmpty();
    }

    /** Writes many entries in {@code c}'s transaction in one pipelined batch (a bulk import: one row per person). */
    public Future<Void> appendAll(SqlClient c, java.util.List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Future.succeededFuture();
        }
        return c.preparedQuery(INSERT).executeBatch(entries.stream().map(AuditTrail::tuple).toList()).mapEmpty();
    }

    /** Writes the entry on its own (refused calls, logins). */
    public Future<Void> record(AuditEntry e) {
        return append(pool, e);
    }

    /** A page of the trail and the cursor of the next one (null when this page is the last). */
    public record Page(JsonArray rows, Keyset next) {
    }

    /** Up to {@code q.limit()} rows in the query's order after its cursor. */
    public Future<Page> page(AuditQuery q) {
        SqlFilter f = filtered(q).add(LIMIT, q.limit() + 1);
        return pool.preparedQuery(f.sql()).execute(f.params()).map(rows -> {
            JsonArray out = new JsonArray();
            Keyset next = null;
            Row previous = null;
            for (Row r : rows) {
                if (out.size() == q.limit()) {
                    next = new Keyset(AuditQuery.LISTING, q.oldestFirst(), previous.getOffsetDateTime("at").toInstant(), previous.getLong("id"));
                    break;
                }
                out.add(toJson(r));
                previous = r;
            }
            return new Page(out, next);
        });
    }

    /** Streams every row the query matches (its limit ignored) into {@code out} through {@code line}; completes with the row count. */
    public Future<Long> export(AuditQuery q, BiConsumer<String[], StringBuilder> line, HttpServerResponse out) {
        SqlFilter f = filtered(q);
        return RowPipe.pipe(pool, f.sql(), f.params(), (r, chunk) -> line.accept(cells(r), chunk), out);
    }

    private static SqlFilter filtered(AuditQuery q) {
        SqlFilter f = new SqlFilter().add(SELECT).addIf(odt(q.from()), FROM).addIf(odt(q.to()), TO)
                .addIf(q.actor(), ACTOR).addIf(q.resource(), RESOURCE).addIf(q.resourceId(), RESOURCE_ID)
                .addIf(q.action(), ACTION).addIf(q.outcome(), OUTCOME);
        if (q.after() != null) {
            f.add(q.oldestFirst() ? AFTER_NEWER : AFTER_OLDER, odt(q.after().at()), q.after().id());
        }
        return f.add(q.oldestFirst() ? OLDEST_FIRST : NEWEST_FIRST);
    }

    private static JsonObject toJson(Row r) {
        return new JsonObject().put("id", r.getLong("id")).put("at", r.getOffsetDateTime("at").toInstant().toString())
                .put("actor", r.getString("actor")).put("address", r.getString("address")).put("action", r.getString("action"))
                .put("resource", r.getString("resource")).put("resourceId", r.getString("resource_id"))
                .put("outcome", r.getString("outcome")).put("status", r.getInteger("status"))
                .put("before", r.getValue("before")).put("after", r.getValue("after"))
                .put("detail", r.getString("detail")).put("requestId", r.getString("request_id"));
    }

    private static String[] cells(Row r) {
        Object before = r.getValue("before");
        Object after = r.getValue("after");
        return new String[] {
            Long.toString(r.getLong("id")), r.getOffsetDateTime("at").toInstant().toString(), r.getString("actor"),
            r.getString("address"), r.getString("action"), r.getString("resource"), r.getString("resource_id"),
            r.getString("outcome"), Integer.toString(r.getInteger("status")), before == null ? null : before.toString(),
            after == null ? null : after.toString(), r.getString("detail"), r.getString("request_id")
        };
    }

    private static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Tuple tuple(AuditEntry e) {
        return Tuple.tuple().addValue(e.actor()).addValue(e.address()).addValue(e.action()).addValue(e.resource()).addValue(e.resourceId())
                .addValue(e.outcome()).addValue(e.status()).addValue(e.before()).addValue(e.after())
                .addValue(e.detail()).addValue(e.requestId());
    }
}
