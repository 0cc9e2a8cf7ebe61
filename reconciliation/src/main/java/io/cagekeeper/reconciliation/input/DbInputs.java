package io.cagekeeper.reconciliation.input;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The database path: the same records as {@link FileInputs}, read from the gateway's PostgreSQL
 * through vertx-pg-client, in one REPEATABLE READ, READ ONLY transaction. The small tables are read
 * whole; the events stream through a cursor ({@link RowStream}, {@value #FETCH} rows a round trip)
 * into a bounded hand-over queue that pauses the cursor when full, so memory does not grow with the
 * number of events. Every method blocks the calling thread, which must not be an event loop (the CLI's
 * main thread, a worker): the Vert.x instance is this object's own.
 */
public final class DbInputs implements AutoCloseable {

    static final int FETCH = 2_000;
    private static final int HIGH = 16_384;
    private static final int LOW = 4_096;
    private static final int HANDOVER = 512;
    private static final long TIMEOUT_S = 600;
    private static final Object END = new Object();

    private final Vertx vertx;
    private final io.vertx.sqlclient.Pool pool;
    private final RowErrors errors;
    /** One instance per identifier across the tables (see Decoder): the events share the roster's and approvals' strings. */
    private final Interner ids = new Interner();
    private final long from;
    private final long to;
    private final long extractedAt;
    private SqlConnection conn;
    private io.vertx.sqlclient.Transaction tx;

    /**
     * @param extractedAt the run's time, recorded as each query's extraction time
     */
    public DbInputs(PgConnectOptions connect, RowErrors errors, long from, long to, long extractedAt) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("DbInputs blocks: call it off the event loop");
        }
        this.vertx = Vertx.vertx();
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(connect).using(vertx).build();
        this.errors = errors;
        this.from = from;
        this.to = to;
        this.extractedAt = extractedAt;
        try {
            this.conn = await(pool.getConnection());
            this.tx = await(conn.begin());
            await(conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static <T> T await(Future<T> f) {
        return await(f, TIMEOUT_S);
    }

    private static <T> T await(Future<T> f, long timeoutSeconds) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String m = e.getCause().getMessage();
            throw new InputException("database: " + (m == null ? e.getCause().getClass().getSimpleName() : m));
        } catch (TimeoutException e) {
            throw new InputException("database: no answer in " + timeoutSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("database: interrupted");
        }
    }

    private Tuple period() {
        return Tuple.of(OffsetDateTime.ofInstant(Times.instant(from), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(Times.instant(to), ZoneOffset.UTC));
    }

    /**
     * Reads every table but the events. The queries are sent at once (pipelined on the one connection, so
     * PostgreSQL runs the next while the rows of one are decoded) and as prepared statements, whose rows
     * come in binary (a simple query's come as text, and parsing their times was most of the decoding).
     */
    public Inputs load() {
        List<SourceStats> stats = new ArrayList<>();
        var approvals = query(DbQueries.APPROVALS, null);
        var persons = query(DbQueries.PERSONS, null);
        var credentials = query(DbQueries.CREDENTIALS, null);
        var statuses = query(DbQueries.CREDENTIAL_STATUS, null);
        var heartbeats = query(DbQueries.HEARTBEATS, period());
        var acl = query(DbQueries.ACL_CHANGES, period());
        return new Inputs(read(Table.APPROVALS, DbQueries.APPROVALS, approvals, this::approval, stats),
                read(Table.PERSONS, DbQueries.PERSONS, persons,
                        r -> new PersonRow(ids.of(r.getString(0)), r.getString(1), r.getString(2), r.getString(3), time(r, 4)), stats),
                read(Table.CREDENTIALS, DbQueries.CREDENTIALS, credentials, r -> new CredentialRow(ids.of(r.getString(0)),
                        ids.of(r.getString(1)), ids.of(r.getString(2)), r.getString(3), time(r, 4), time(r, 5), r.getString(6)), stats),
                read(Table.CREDENTIAL_STATUS, DbQueries.CREDENTIAL_STATUS, statuses, r -> new StatusChangeRow(r.getString(0),
                        time(r, 1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)), stats),
                read(Table.HEARTBEATS, DbQueries.HEARTBEATS, heartbeats,
                        r -> new HeartbeatRow(r.getString(0), time(r, 1), number(r, 2), time(r, 3)), stats),
                read(Table.ACL_CHANGES, DbQueries.ACL_CHANGES, acl, r -> new AclChangeRow(r.getLong(0), time(r, 1),
                        r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7)), stats),
                stats);
    }

    private Future<io.vertx.sqlclient.RowSet<Row>> query(String sql, Tuple params) {
        return conn.preparedQuery(sql).execute(params == null ? Tuple.tuple() : params);
    }

    private ApprovalRow approval(Row r) {
        ApprovalRow a = new ApprovalRow(ids.of(r.getString(0)), r.getString(1), ids.of(r.getString(2)), ids.of(r.getString(3)), time(r, 4), time(r, 5),
                r.getString(6), r.getString(7), time(r, 8), r.getString(9), time(r, 10), time(r, 11), r.getString(12),
                r.getString(13), r.getString(14), r.getString(15), r.getString(16), time(r, 17), time(r, 18), r.getString(19));
        if (a.approvedBy() != null && a.approvedAt() == Times.NONE) {
            throw new IllegalArgumentException("approved_at is empty but approved_by is set");
        }
        return a;
    }

    private <T> List<T> read(Table table, String sql, Future<io.vertx.sqlclient.RowSet<Row>> result, Function<Row, T> decode,
                             List<SourceStats> stats) {
        List<T> out = new ArrayList<>();
        var rows = await(result);
        long n = 0;
        for (Row r : rows) {
            n++;
            try {
                out.add(decode.apply(r));
            } catch (RuntimeException e) {
                errors.add("query:" + table.fileName(), n, e.getMessage());
            }
        }
        stats.add(new SourceStats(table.fileName(), "query", sql.strip().replaceAll("\\s+", " "), null, extractedAt, n));
        return out;
    }

    static long time(Row r, int i) {
        OffsetDateTime t = r.getOffsetDateTime(i);
        // Times.micros(t.toInstant()) without the Instant: three times a row
        return t == null ? Times.NONE : Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static long number(Row r, int i) {
        Long v = r.getLong(i);
        return v == null ? Times.NONE : v;
    }

    /**
     * The events of the period in (received_at, id) order, through a cursor; rows built on a thread of their
     * own, each given its zone and direction from the readers and doors read first (same snapshot).
     */
    public EventSource events() {
        Map<String, Boolean> exits = new HashMap<>();
        for (Row r : await(query(DbQueries.READER_SIDES, null))) {
            exits.put(ids.of(r.getString(0)), "EXIT".equals(r.getString(1)));
        }
        Map<String, String> zones = new HashMap<>();
        for (Row r : await(query(DbQueries.DOOR_ZONES, null))) {
            zones.put(ids.of(r.getString(0)), ids.of(r.getString(1)));
        }
        // in the order of events_received_at (received_at, id), never sorted: a sort (what the planner picks when
        // the table has no statistics yet, as after a restore) would spill the whole period to disk before the first row
        await(conn.query("SET LOCAL enable_sort = off").execute());
        PreparedStatement ps = await(conn.prepare(DbQueries.EVENTS));
        return new ReadAhead(new Stream(ps.createStream(FETCH, period()), exits, zones));
    }

    /** What the completeness section records as the events' query: the cursor's, then the two look-ups. */
    static final String EVENTS_SOURCE = (DbQueries.EVENTS.strip() + "; zone and direction by source and door_id from: "
            + DbQueries.READER_SIDES + "; " + DbQueries.DOOR_ZONES).replaceAll("\\s+", " ");

    private final class Stream implements EventSource {
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final RowStream<Row> rows;
        /** Readers by id: true for an exit reader. */
        private final Map<String, Boolean> exits;
        /** The zone each door leads into. */
        private final Map<String, String> zones;
        private volatile boolean paused;
        private volatile Context context;
        private long n;
        private boolean ended;
        /** Rows the cursor delivered, handed over {@value #HANDOVER} at a time (one queue operation per batch, not per row). */
        private List<Row> pending = new ArrayList<>(HANDOVER);
        private List<Row> batch = List.of();
        private int pos;

        Stream(RowStream<Row> rows, Map<String, Boolean> exits, Map<String, String> zones) {
            this.rows = rows;
            this.exits = exits;
            this.zones = zones;
            rows.exceptionHandler(e -> {
                flush();
                queue.add(e);
            });
            rows.endHandler(v -> {
                flush();
                queue.add(END);
            });
            rows.handler(r -> {
                context = Vertx.currentContext();
                pending.add(r);
                if (pending.size() == HANDOVER) {
                    flush();
                    if (!paused && queue.size() >= HIGH / HANDOVER) {
                        paused = true;
                        rows.pause();
                    }
                }
            });
        }

        /** On the event loop: hands the rows gathered so far to the reader. */
        private void flush() {
            if (!pending.isEmpty()) {
                queue.add(pending);
                pending = new ArrayList<>(HANDOVER);
            }
        }

        @Override
        public EventRow next() {
            while (!ended) {
                if (pos < batch.size()) {
                    Row r = batch.get(pos++);
                    n++;
                    try {
                        return row(r);
                    } catch (RuntimeException e) {
                        errors.add("query:events", n, e.getMessage());
                        continue;
                    }
                }
                Object o;
                try {
                    o = queue.poll(TIMEOUT_S, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InputException("database: interrupted");
                }
                if (o == null) {
                    throw new InputException("database: no events in " + TIMEOUT_S + " s");
                }
                if (paused && queue.size() <= LOW / HANDOVER) {
                    paused = false;
                    context.runOnContext(v -> rows.resume());
                }
                if (o == END) {
                    ended = true;
                    return null;
                }
                if (o instanceof Throwable t) {
                    throw new InputException("database: " + t.getMessage());
                }
                @SuppressWarnings("unchecked")
                List<Row> rowsOf = (List<Row>) o;
                batch = rowsOf;
                pos = 0;
            }
            return null;
        }

        private EventRow row(Row r) {
            String source = ids.of(r.getString(2));
            String door = ids.of(r.getString(8));
            Boolean exit = exits.get(source);
            String zone = exit == null || door == null ? null : zones.get(door);
            return new EventRow(r.getLong(0), time(r, 1), source, number(r, 3), ids.of(r.getString(4)),
                            ids.of(r.getString(5)), ids.of(r.getString(6)), ids.of(r.getString(7)), door,
                            zone, exit != null && exit, time(r, 9), number(r, 10), time(r, 11));
        }

        @Override
        public SourceStats stats() {
            return new SourceStats(Table.EVENTS.fileName(), "query", EVENTS_SOURCE, null, extractedAt, n);
        }

        @Override
        public void close() {
            if (!ended) {
                Context c = context;
                if (c != null) {
                    c.runOnContext(v -> rows.close());
                } else {
                    rows.close();
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            if (tx != null) {
                await(tx.commit(), 30);
            }
        } catch (InputException e) {
            // the snapshot was read-only: nothing to lose
        } finally {
            try {
                if (conn != null) {
                    await(conn.close(), 30);
                }
            } catch (InputException e) {
                // closing anyway
            }
            try {
                await(pool.close(), 30);
            } catch (InputException e) {
                // closing anyway
            }
            // not awaited: the close completes on an event loop that the close itself stops
            vertx.close();
        }
    }
}
