package io.cagekeeper.gateway.events;

import io.cagekeeper.gateway.alarms.AlarmAction;
import io.cagekeeper.gateway.alarms.AlarmRules;
import io.cagekeeper.gateway.alarms.AlarmStore;
import io.cagekeeper.gateway.db.Keyset;
import io.cagekeeper.gateway.db.RowPipe;
import io.cagekeeper.gateway.db.SqlFilter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Owns the {@code events} table. Inserts are idempotent on the event key: at-least-once delivery
 * from devices and from the local journal still yields exactly one row per event.
 */
public final class EventStore {

    private static final String INSERT = """
            INSERT INTO events (event_key, type, source, door_id, device_seq, device_ts, received_at, card, person_id,
                                result, reasons, decided_by, snapshot_version, sentence, flags, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (event_key) DO NOTHING
            """;

    /**
     * A whole batch in one statement: one array per column, unnested in order. A batch as separate
     * executions (one Bind/Execute per row) cost PostgreSQL about as much again per row at 1,000
     * credentials/s. The two text[] columns travel as strings joined by U+001F ({@link #joinable}).
     */
    private static final String INSERT_MANY = """
            INSERT INTO events (event_key, type, source, door_id, device_seq, device_ts, received_at, card, person_id,
                                result, reasons, decided_by, snapshot_version, sentence, flags, detail)
            SELECT k, t, s, d, q, dt, ra, c, p, r, string_to_array(rs, chr(31)), db, sv, se, string_to_array(fl, chr(31)), de::jsonb
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::timestamptz[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[], $14::text[],
                        $15::text[], $16::text[]) WITH ORDINALITY AS u(k, t, s, d, q, dt, ra, c, p, r, rs, db, sv, se, fl, de, n)
            ORDER BY n
            ON CONFLICT (event_key) DO NOTHING
            """;

    private static final String COLUMNS = """
            id, event_key, type, source, door_id, device_seq, device_ts, received_at, stored_at, card, person_id,
            result, reasons, decided_by, snapshot_version, sentence, flags, detail""";

    private static final String AFTER_ID = "SELECT " + COLUMNS + " FROM events WHERE id > $1 ORDER BY id LIMIT $2";

    private static final String RECENT = "SELECT " + COLUMNS + """

            FROM events
            WHERE ($1::text IS NULL OR door_id = $1) AND ($2::text IS NULL OR type = $2)
            ORDER BY id DESC
            LIMIT $3
            """;

    /*
     * The query API's fragments (EventQuery): only those a request uses go into its statement, so that
     * each combination of filters is planned with its index (V12: every filter has one in (received_at, id) order).
     */
    private static final String PAGE_PLAIN = "SELECT " + COLUMNS + " FROM events WHERE true";
    /** A page of several doors or types: the newest rows of each from its own index, merged (never a sort of all that match). */
    private static final String PAGE_EACH_OF = "SELECT e.* FROM unnest(?::text[]) AS k(v) CROSS JOIN LATERAL (SELECT " + COLUMNS
            + " FROM events WHERE %s = k.v";
    private static final String FROM = " AND received_at >= ?";
    private static final String TO = " AND received_at < ?";
    private static final String DOOR = " AND door_id = ?";
    private static final String DOORS = " AND door_id = ANY(?::text[])";
    private static final String TYPE = " AND type = ?";
    private static final String TYPES = " AND type = ANY(?::text[])";
    private static final String PERSON = " AND person_id = ?";
    private static final String CARD = " AND card = ?";
    private static final String RESULT = " AND result = ?";
    private static final String AFTER_NEWER = " AND (received_at, id) > (?, ?)";
    private static final String AFTER_OLDER = " AND (received_at, id) < (?, ?)";
    private static final String OLDEST_FIRST = " ORDER BY received_at, id";
    private static final String NEWEST_FIRST = " ORDER BY received_at DESC, id DESC";
    private static final String LIMIT = " LIMIT ?";
    private static final String EACH_OF_END = ") e";

    /**
     * Each person's latest granted passage since an instant (occupancy, muster): the ACCESS_GRANTED and
     * COMPANION_ADMITTED rows of the window, read from the type index.
     */
    private static final String LAST_PASSAGES = """
            SELECT DISTINCT ON (person_id) person_id, door_id, detail->>'side' AS side, received_at
            FROM events
            WHERE type IN ('ACCESS_GRANTED', 'COMPANION_ADMITTED') AND person_id IS NOT NULL AND door_id IS NOT NULL
              AND received_at >= $1
            ORDER BY person_id, received_at DESC, id DESC
            """;

    /** The columns of an export, in order (docs/api.md). */
    public static final List<String> CSV_HEADER = List.of("id", "received_at", "type", "door_id", "person_id", "card", "result",
            "reasons", "decided_by", "sentence", "source", "device_seq", "device_ts", "snapshot_version", "flags", "event_key",
            "stored_at", "detail");
    /** Position of the card in {@link #CSV_HEADER} (masked for roles that do not see card numbers). */
    public static final int CSV_CARD = 5;
    /** Position of the sentence in {@link #CSV_HEADER} (it names the card too). */
    public static final int CSV_SENTENCE = 9;

    private static final String COUNT_BY_KEY_PREFIX = "SELECT count(*) FROM events WHERE event_key LIKE $1";

    private final Pool pool;
    private final GroupCommit<GatewayEvent> commits;
    private final QuarantineStore quarantine;
    private final StoredEvents stored = new StoredEvents();

    /**
     * What a badge holder waits on: the decision and the engine facts stored before it. They go in
     * their own commit lane, so they never queue behind a backlog of door and status events.
     */
    private static final Set<EventType> URGENT = EnumSet.of(EventType.ACCESS_GRANTED, EventType.ACCESS_DENIED,
            EventType.ACCESS_PENDING, EventType.APB_VIOLATION, EventType.COMPANION_ADMITTED, EventType.PIN_LOCKED_OUT);

    public EventStore(Pool pool) {
        this.pool = pool;
        this.commits = GroupCommit.withLanes(this::store, 256, EventStore::urgent);
        this.quarantine = new QuarantineStore(pool);
    }

    /** Whether a badge holder waits on this event being durable (it takes the urgent commit lane). */
    static boolean urgent(GatewayEvent e) {
        return URGENT.contains(e.type());
    }

    /** Every event as it is newly stored (the console's live feed listens here). */
    public StoredEvents stored() {
        return stored;
    }

    /** Where the events PostgreSQL refuses for their content are kept. */
    public QuarantineStore quarantine() {
        return quarantine;
    }

    /**
     * Stores the event; completes once the row is committed (or was already there). Events arriving
     * while a commit is in flight share the next one ({@link GroupCommit}). An event that raises or
     * clears an alarm is stored in one transaction with that alarm change, and only a newly inserted
     * event changes alarms, so a redelivered event cannot count twice. Fails with a {@link RefusedEvent}
     * when PostgreSQL refused this event for its content (the events sharing its commit are stored
     * all the same), with anything else when PostgreSQL could not be asked.
     */
    public Future<Void> append(GatewayEvent e) {
        return commits.submit(e);
    }

    /** Stores one event and, when it is new, applies its alarm actions, inside the caller's transaction. */
    static Future<Void> insertWithAlarms(SqlClient conn, GatewayEvent e, List<AlarmAction> actions) {
        return conn.preparedQuery(INSERT + RETURNING).execute(tuple(e)).compose(rs -> {
            if (rs.size() == 0) {
                return Future.succeededFuture();
            }
            Future<Void> f = Future.succeededFuture();
            for (AlarmAction a : actions) {
                f = f.compose(v -> AlarmStore.apply(conn, a, e));
            }
            return f;
        });
    }

    /**
     * Stores several events in order (the journal's replay) and answers those PostgreSQL refused for
     * their content, which are not stored: one bad row never sinks the rows around it. Fails only when
     * PostgreSQL could not be asked; the rows stored before that stay stored (a retry adds no copy).
     */
    public Future<List<RefusedEvent>> appendAll(List<GatewayEvent> events) {
        return store(events).map(refused -> {
            List<RefusedEvent> out = new ArrayList<>();
            new TreeMap<>(refused).values().forEach(t -> out.add((RefusedEvent) t));
            return out;
        });
    }

    /**
     * The batch in one write; if PostgreSQL refuses it for the content of some row, row by row, so the
     * refused rows are found and only they are left out (answered by index as {@link RefusedEvent}s).
     */
    private Future<Map<Integer, Throwable>> store(List<GatewayEvent> events) {
        return write(events).map(v -> Map.<Integer, Throwable>of()).recover(e -> {
            if (!StoreFailures.refusedForContent(e)) {
                return Future.failedFuture(e);
            }
            if (events.size() == 1) {
                return Future.succeededFuture(Map.of(0, new RefusedEvent(events.get(0), e)));
            }
            Map<Integer, Throwable> refused = new HashMap<>();
            Future<Void> f = Future.succeededFuture();
            for (int i = 0; i < events.size(); i++) {
                int n = i;
                f = f.compose(v -> write(List.of(events.get(n))).recover(one -> {
                    if (!StoreFailures.refusedForContent(one)) {
                        return Future.failedFuture(one);
                    }
                    refused.put(n, new RefusedEvent(events.get(n), one));
                    return Future.succeededFuture();
                }));
            }
            return f.map(v -> refused);
        });
    }

    /** One write: one statement or one transaction for the whole batch; fails as a whole. What it newly stored is published. */
    private Future<Void> write(List<GatewayEvent> events) {
        try {
            return writeOrThrow(events).map(rows -> {
                stored.publish(rows);
                return null;
            });
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The rows newly inserted (RETURNING: a redelivered event already stored returns none, so nothing is published twice). */
    private Future<List<Row>> writeOrThrow(List<GatewayEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        events.forEach(StoreFailures::checkEncodable);
        if (events.size() == 1 && AlarmRules.actionsFor(events.get(0)).isEmpty()) {
            return pool.preparedQuery(INSERT + RETURNING).execute(tuple(events.get(0))).map(EventStore::rows);
        }
        if (withoutAlarms(events)) {
            return insertAll(pool, events);
        }
        return pool.withTransaction(conn -> insertAll(conn, events).compose(rows -> applyAlarms(conn, events, rows).map(v -> rows)));
    }

    /**
     * The batch in one statement (lists joined by U+001F), or, when a reason or flag cannot be joined,
     * as one execution per row; answers the rows newly inserted.
     */
    private static Future<List<Row>> insertAll(SqlClient c, List<GatewayEvent> events) {
        if (joinable(events)) {
            return c.preparedQuery(INSERT_MANY + RETURNING).execute(columns(events)).map(EventStore::rows);
        }
        List<Tuple> batch = new ArrayList<>(events.size());
        for (GatewayEvent e : events) {
            batch.add(tuple(e));
        }
        return c.preparedQuery(INSERT + RETURNING).executeBatch(batch).map(EventStore::rows);
    }

    /**
     * The alarm actions of the batch's newly inserted events (a redelivered event changes no alarm),
     * in the events' order, sent together on the transaction's connection: PostgreSQL runs them one
     * after another as sent, but the batch waits for one round trip instead of one per action. At
     * 1,000 badges/s every door closing clears its held-open alarm, and one round trip per event kept
     * the store half a minute behind (BENCHMARKS.md).
     */
    private static Future<Void> applyAlarms(SqlClient conn, List<GatewayEvent> events, List<Row> inserted) {
        Set<String> fresh = new java.util.HashSet<>();
        inserted.forEach(r -> fresh.add(r.getString(C_KEY)));
        List<Future<Void>> sent = new ArrayList<>();
        for (GatewayEvent e : events) {
            // remove: an event twice in one batch is inserted once, so its alarms change once
            if (fresh.remove(e.key())) {
                for (AlarmAction a : AlarmRules.actionsFor(e)) {
                    sent.add(AlarmStore.apply(conn, a, e));
                }
            }
        }
        return Future.all(sent).mapEmpty();
    }

    /** Every row of a result, following a batch's chain of results. */
    private static List<Row> rows(io.vertx.sqlclient.RowSet<Row> first) {
        List<Row> out = new ArrayList<>();
        for (io.vertx.sqlclient.RowSet<Row> rs = first; rs != null; rs = rs.next()) {
            rs.forEach(out::add);
        }
        return out;
    }

    /** The columns of a newly stored row, as {@link #toJson} reads them. */
    private static final String RETURNING = " RETURNING " + COLUMNS;

    /**
     * Up to {@code limit} events stored with an id above {@code afterId}, by id (a live feed's resume
     * after a reconnect its buffer cannot serve).
     */
    public Future<List<JsonObject>> after(long afterId, int limit) {
        return pool.preparedQuery(AFTER_ID).execute(Tuple.of(afterId, limit)).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            rows.forEach(r -> out.add(toJson(r)));
            return out;
        });
    }

    /** The highest event id stored (0 for none). */
    public Future<Long> lastId() {
        return pool.query("SELECT coalesce(max(id), 0) FROM events").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** A page of the event log and the cursor of the next one (null when this page is the last). */
    public record Page(JsonArray events, Keyset next) {
    }

    /** Up to {@code q.limit()} events in the query's order after its cursor (one index range scan: V12). */
    public Future<Page> page(EventQuery q) {
        if (q.matchesNothing()) {
            return Future.succeededFuture(new Page(new JsonArray(), null));
        }
        SqlFilter f = pageQuery(q);
        return pool.preparedQuery(f.sql()).execute(f.params()).map(rows -> {
            JsonArray out = new JsonArray();
            Keyset next = null;
            for (Row r : rows) {
                if (out.size() == q.limit()) {
                    JsonObject last = out.getJsonObject(out.size() - 1);
                    next = new Keyset(EventQuery.LISTING, q.oldestFirst(), Instant.parse(last.getString("receivedAt")), last.getLong("id"));
                    break;
                }
                out.add(toJson(r));
            }
            return new Page(out, next);
        });
    }

    /** The statement of a page (package-private: EventIndexIT explains it). */
    static SqlFilter pageQuery(EventQuery q) {
        SqlFilter f = new SqlFilter();
        boolean eachDoor = q.doors() != null && q.doors().size() > 1;
        boolean eachType = !eachDoor && q.types() != null && q.types().size() > 1;
        if (eachDoor || eachType) {
            f.add(PAGE_EACH_OF.formatted(eachDoor ? "door_id" : "type"), (Object) (eachDoor ? q.doors() : q.types()).toArray(new String[0]));
        } else {
            f.add(PAGE_PLAIN);
        }
        filters(f, q, !eachDoor, !eachType);
        f.add(q.oldestFirst() ? OLDEST_FIRST : NEWEST_FIRST).add(LIMIT, q.limit() + 1);
        if (eachDoor || eachType) {
            f.add(EACH_OF_END).add(q.oldestFirst() ? OLDEST_FIRST : NEWEST_FIRST).add(LIMIT, q.limit() + 1);
        }
        return f;
    }

    /** The statement of an export (package-private: EventIndexIT explains it). */
    static SqlFilter exportQuery(EventQuery q) {
        SqlFilter f = new SqlFilter().add(PAGE_PLAIN);
        filters(f, q, true, true);
        return f.add(q.oldestFirst() ? OLDEST_FIRST : NEWEST_FIRST);
    }

    /**
     * Streams every event the query matches (its limit ignored) into {@code out} as text lines made by
     * {@code line} from the cells of {@link #CSV_HEADER}; completes with the number of rows. Bounded
     * memory whatever the range ({@link RowPipe}).
     */
    public Future<Long> export(EventQuery q, BiConsumer<String[], StringBuilder> line, HttpServerResponse out) {
        if (q.matchesNothing()) {
            return Future.succeededFuture(0L);
        }
        SqlFilter f = exportQuery(q);
        return RowPipe.pipe(pool, f.sql(), f.params(), (r, chunk) -> line.accept(cells(r), chunk), out);
    }

    private static void filters(SqlFilter f, EventQuery q, boolean doors, boolean types) {
        f.addIf(odt(q.from()), FROM).addIf(odt(q.to()), TO);
        if (doors && q.doors() != null) {
            if (q.doors().size() == 1) {
                f.add(DOOR, q.doors().get(0));
            } else {
                f.add(DOORS, (Object) q.doors().toArray(new String[0]));
            }
        }
        if (types && q.types() != null) {
            if (q.types().size() == 1) {
                f.add(TYPE, q.types().get(0));
            } else {
                f.add(TYPES, (Object) q.types().toArray(new String[0]));
            }
        }
        f.addIf(q.person(), PERSON).addIf(q.card(), CARD).addIf(q.result(), RESULT);
        if (q.after() != null) {
            f.add(q.oldestFirst() ? AFTER_NEWER : AFTER_OLDER, odt(q.after().at()), q.after().id());
        }
    }

    /** The last {@code limit} events stored (by id, not by time), of one door and one type when given (null: any). */
    public Future<JsonArray> recent(String doorId, String type, int limit) {
        return pool.preparedQuery(RECENT).execute(Tuple.of(doorId, type, limit)).map(rows -> {
            JsonArray out = new JsonArray();
            for (Row r : rows) {
                out.add(toJson(r));
            }
            return out;
        });
    }

    /** Each person's latest granted passage received at or after {@code since}. */
    public Future<List<LastPassage>> lastPassages(Instant since) {
        return pool.preparedQuery(LAST_PASSAGES).execute(Tuple.of(odt(since))).map(rows -> {
            List<LastPassage> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new LastPassage(r.getString("person_id"), r.getString("door_id"), r.getString("side"),
                        r.getOffsetDateTime("received_at").toInstant()));
            }
            return out;
        });
    }

    /** Completes when the database answers. */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    public Future<Long> countByKeyPrefix(String prefix) {
        return pool.preparedQuery(COUNT_BY_KEY_PREFIX).execute(Tuple.of(prefix + "%"))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Tuple tuple(GatewayEvent e) {
        return Tuple.tuple(List.of())
                .addString(e.key()).addString(e.type().name()).addString(e.source()).addString(e.doorId())
                .addLong(e.deviceSeq()).addOffsetDateTime(odt(e.deviceTs())).addOffsetDateTime(odt(e.receivedAt()))
                .addString(e.card()).addString(e.personId()).addString(e.result())
                .addArrayOfString(e.reasons().toArray(new String[0])).addString(e.decidedBy())
                .addLong(e.snapshotVersion()).addString(e.sentence())
                .addArrayOfString(e.flags().toArray(new String[0]))
                .addValue(e.detail().isEmpty() ? null : new JsonObject(e.detail()));
    }

    private static boolean withoutAlarms(List<GatewayEvent> events) {
        for (GatewayEvent e : events) {
            if (!AlarmRules.actionsFor(e).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whether every reason and flag survives joining by U+001F and splitting again (none empty, none containing it). */
    private static boolean joinable(List<GatewayEvent> events) {
        for (GatewayEvent e : events) {
            if (!TextArrays.joinable(e.reasons()) || !TextArrays.joinable(e.flags())) {
                return false;
            }
        }
        return true;
    }

    private static Tuple columns(List<GatewayEvent> events) {
        int n = events.size();
        String[] key = new String[n], type = new String[n], source = new String[n], door = new String[n], card = new String[n];
        String[] person = new String[n], result = new String[n], reasons = new String[n], decidedBy = new String[n];
        String[] sentence = new String[n], flags = new String[n], detail = new String[n];
        Long[] seq = new Long[n], version = new Long[n];
        OffsetDateTime[] deviceTs = new OffsetDateTime[n], receivedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            GatewayEvent e = events.get(i);
            key[i] = e.key();
            type[i] = e.type().name();
            source[i] = e.source();
            door[i] = e.doorId();
            seq[i] = e.deviceSeq();
            deviceTs[i] = odt(e.deviceTs());
            receivedAt[i] = odt(e.receivedAt());
            card[i] = e.card();
            person[i] = e.personId();
            result[i] = e.result();
            reasons[i] = TextArrays.join(e.reasons());
            decidedBy[i] = e.decidedBy();
            version[i] = e.snapshotVersion();
            sentence[i] = e.sentence();
            flags[i] = TextArrays.join(e.flags());
            detail[i] = e.detail().isEmpty() ? null : new JsonObject(e.detail()).encode();
        }
        return Tuple.tuple(List.of())
                .addArrayOfString(key).addArrayOfString(type).addArrayOfString(source).addArrayOfString(door)
                .addArrayOfLong(seq).addArrayOfOffsetDateTime(deviceTs).addArrayOfOffsetDateTime(receivedAt)
                .addArrayOfString(card).addArrayOfString(person).addArrayOfString(result).addArrayOfString(reasons)
                .addArrayOfString(decidedBy).addArrayOfLong(version).addArrayOfString(sentence).addArrayOfString(flags)
                .addArrayOfString(detail);
    }

    private static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** Positions of the columns in {@link #COLUMNS}: an export reads a million rows, and a lookup by name costs a scan of the names per cell. */
    private static final int C_ID = 0, C_TYPE = 2, C_SOURCE = 3, C_DOOR = 4, C_SEQ = 5, C_DEVICE_TS = 6, C_RECEIVED = 7,
            C_STORED = 8, C_CARD = 9, C_PERSON = 10, C_RESULT = 11, C_REASONS = 12, C_DECIDED_BY = 13, C_VERSION = 14,
            C_SENTENCE = 15, C_FLAGS = 16, C_DETAIL = 17, C_KEY = 1;

    static {
        List<String> names = java.util.Arrays.stream(COLUMNS.split(",")).map(String::strip).toList();
        if (names.indexOf("detail") != C_DETAIL || names.indexOf("event_key") != C_KEY || names.indexOf("sentence") != C_SENTENCE
                || names.indexOf("received_at") != C_RECEIVED || names.indexOf("card") != C_CARD || names.size() != 18) {
            throw new ExceptionInInitializerError("EventStore.COLUMNS and its positions disagree");
        }
    }

    private static String[] cells(Row r) {
        Object detail = r.getValue(C_DETAIL);
        return new String[] {
            Long.toString(r.getLong(C_ID)), text(r.getOffsetDateTime(C_RECEIVED)), r.getString(C_TYPE), r.getString(C_DOOR),
            r.getString(C_PERSON), r.getString(C_CARD), r.getString(C_RESULT), joined(r.getArrayOfStrings(C_REASONS)),
            r.getString(C_DECIDED_BY), r.getString(C_SENTENCE), r.getString(C_SOURCE), number(r.getLong(C_SEQ)),
            text(r.getOffsetDateTime(C_DEVICE_TS)), number(r.getLong(C_VERSION)), joined(r.getArrayOfStrings(C_FLAGS)),
            r.getString(C_KEY), text(r.getOffsetDateTime(C_STORED)), detail == null ? null : detail.toString()
        };
    }

    private static String joined(String[] values) {
        return values == null || values.length == 0 ? null : String.join(";", values);
    }

    private static String number(Long n) {
        return n == null ? null : n.toString();
    }

    static JsonObject toJson(Row r) {
        JsonObject o = new JsonObject()
                .put("id", r.getLong("id"))
                .put("type", r.getString("type"))
                .put("source", r.getString("source"))
                .put("doorId", r.getString("door_id"))
                .put("deviceSeq", r.getLong("device_seq"))
                .put("deviceTs", text(r.getOffsetDateTime("device_ts")))
                .put("receivedAt", text(r.getOffsetDateTime("received_at")))
                .put("storedAt", text(r.getOffsetDateTime("stored_at")))
                .put("card", r.getString("card"))
                .put("personId", r.getString("person_id"))
                .put("result", r.getString("result"))
                .put("reasons", array(r.getArrayOfStrings("reasons")))
                .put("decidedBy", r.getString("decided_by"))
                .put("snapshotVersion", r.getLong("snapshot_version"))
                .put("sentence", r.getString("sentence"))
                .put("flags", array(r.getArrayOfStrings("flags")));
        Object detail = r.getValue("detail");
        if (detail != null) {
            o.put("detail", detail);
        }
        return o;
    }

    /** A text[] column as JSON; NULL (the column allows it) as an empty array. */
    private static JsonArray array(String[] values) {
        return values == null ? new JsonArray() : new JsonArray(List.of((Object[]) values));
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
