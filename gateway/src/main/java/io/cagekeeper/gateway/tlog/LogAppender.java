package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.CompactRange;
import io.cagekeeper.evidence.Merkle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's only writer: takes what the V16 triggers put in {@code tlog_inbox}, in order, and makes
 * each row the next leaf, storing the leaf, the tree's newly completed nodes and the removal from the
 * inbox in one transaction. It follows the stores instead of joining their writes, so the badge path
 * pays only the trigger's one extra row per statement. A batch of up to {@link #BATCH} rows costs the
 * lock, one take-and-remove of the inbox's head, one primary-key read per logged table it names, the
 * subjects' keys, and two array inserts: each statement's cost is the batch's, never the size of the
 * tables (no statement may scan {@code events}), so appending keeps up with 10,000 rows a second and
 * more however long the log is. The hashing runs on a worker thread, never on the event loop.
 *
 * <p>The tree's edge ({@link CompactRange}) is kept in memory and replaced only when a batch commits;
 * at start it is read back from the stored nodes.
 */
public final class LogAppender {

    private static final Logger LOG = LoggerFactory.getLogger(LogAppender.class);
    static final int BATCH = 5_000;

    /**
     * Takes the inbox's head and removes it in one statement (the transaction keeps it if the batch
     * fails). No parameter, so no generic plan: the V16 take joined the inbox to all five logged tables
     * with {@code LIMIT $1}, and once PostgreSQL switched that prepared statement to its generic plan it
     * hash-joined the whole {@code events} table for every batch: each batch cost O(events stored).
     */
    private static final String TAKE = "DELETE FROM tlog_inbox WHERE seq IN (SELECT seq FROM tlog_inbox ORDER BY seq LIMIT "
            + BATCH + ") RETURNING seq, kind, row_id";
    private static final String KEYS = "SELECT key_id, subject, key FROM tlog_subject_keys WHERE subject = ANY($1::text[])";
    private static final String NEW_KEYS = """
            INSERT INTO tlog_subject_keys (subject, key) SELECT * FROM unnest($1::text[], $2::bytea[])
            ON CONFLICT (subject) DO NOTHING RETURNING key_id, subject, key
            """;
    private static final String LEAVES = """
            INSERT INTO tlog_leaves (idx, kind, row_id, leaf_hash, personal_mac, key_id)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::bytea[], $6::bigint[])
            """;
    private static final String NODES = """
            INSERT INTO tlog_nodes (level, idx, hash) SELECT l::smallint, i, h FROM unnest($1::int[], $2::bigint[], $3::bytea[]) AS u(l, i, h)
            """;
    private static final String SIZE = "SELECT coalesce(max(idx) + 1, 0) AS size FROM tlog_leaves";
    /** The upper levels for {@link UpperNodes}, level by level in index order (the primary key's order). */
    private static final String UPPER = "SELECT level, idx, hash FROM tlog_nodes WHERE level >= " + UpperNodes.MIN_LEVEL
            + " ORDER BY level, idx";

    private record Taken(long seq, String kind, long rowId, String doc) {
    }

    private record Ref(long seq, String kind, long rowId) {
    }

    private record Key(long id, byte[] key) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final SecureRandom random = new SecureRandom();
    private volatile CompactRange edge;
    private volatile LogHead head;
    private final UpperNodes upper = new UpperNodes();
    private long timer = -1;
    private boolean running;
    private boolean stopped;
    /** True from a failed append until the next one succeeds. */
    private boolean failing;
    private Future<Integer> inFlight = Future.succeededFuture(0);

    public LogAppender(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    /** Reads the tree's edge and its upper levels ({@link #upperNodes}) back from the stored nodes. */
    public Future<LogHead> load() {
        return pool.withConnection(c -> c.query(SIZE).execute().compose(rows -> {
            long size = rows.iterator().next().getLong("size");
            return LogNodes.with(c, nodes -> CompactRange.of(size, nodes));
        }).compose(r -> c.query(UPPER).execute().map(rows -> {
            for (Row n : rows) {
                upper.add(n.getInteger("level"), n.getLong("idx"), n.getBuffer("hash").getBytes());
            }
            return r;
        }))).map(r -> {
            edge = r;
            head = new LogHead(r.size(), r.root());
            LOG.info("verifiable log: {} leaves", r.size());
            return head;
        });
    }

    /** Appends whatever waits every {@code periodMs} (at once again while batches come full). */
    public void start(long periodMs) {
        timer = vertx.setPeriodic(periodMs, t -> {
            if (!running && !stopped) {
                running = true;
                drainOnce().onComplete(ar -> running = false);
            }
        });
    }

    /** Stops the timer and appends everything that waits; completes with the final head. */
    public Future<LogHead> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return inFlight.otherwiseEmpty().compose(v -> drain()).map(v -> head);
    }

    /** Appends until the inbox is empty (tests and stop). */
    public Future<Void> drain() {
        return appendBatch().compose(n -> n == BATCH ? drain() : Future.succeededFuture());
    }

    private Future<Void> drainOnce() {
        return appendBatch().compose(n -> n == BATCH && !stopped ? drainOnce() : Future.succeededFuture())
                .onSuccess(v -> {
                    if (failing) {
                        failing = false;
                        LOG.info("verifiable log: appending again");
                    }
                })
                .onFailure(e -> {
                    // once per outage, not every period: the database being away is told by its own alarms
                    if (!failing) {
                        failing = true;
                        LOG.warn("verifiable log: append failed, retrying every period until it succeeds: {}", e.getMessage());
                    } else {
                        LOG.debug("verifiable log: append failed again: {}", e.getMessage());
                    }
                }).otherwiseEmpty();
    }

    /**
     * The statements a batch reads the database with (the take, then one read per logged table), so
     * a test can check that no plan of them, generic or custom, scans a whole table.
     */
    public static List<String> readStatements() {
        List<String> all = new ArrayList<>();
        all.add(TAKE);
        for (LoggedRows.Table t : LoggedRows.TABLES) {
            all.add(t.byIds());
        }
        all.add(KEYS);
        return all;
    }

    /** The stored nodes of the upper levels, as committed (proofs read them from memory). */
    UpperNodes upperNodes() {
        return upper;
    }

    /** The log as last committed. */
    public LogHead head() {
        return head;
    }

    /** One batch; completes with the number of rows appended. One at a time: later calls queue behind. */
    public synchronized Future<Integer> appendBatch() {
        Future<Integer> next = inFlight.otherwise(0).compose(v -> pool.withTransaction(this::appendIn)).map(batch -> {
            if (batch == null) {
                return 0;
            }
            // only once committed: a batch that failed to commit is taken again, perhaps otherwise
            edge = batch.edge();
            head = new LogHead(batch.edge().size(), batch.edge().root());
            batch.upper().forEach(n -> upper.add(n.level(), n.index(), n.hash()));
            return batch.rows();
        });
        inFlight = next;
        return next;
    }

    private Future<Batch> appendIn(SqlConnection c) {
        CompactRange base = edge;
        return c.query("SELECT pg_advisory_xact_lock(" + LoggedRows.LOCK + ")").execute()
                .compose(v -> c.query(LoggedRows.UTC).execute())
                .compose(v -> c.query(TAKE).execute())
                .compose(rows -> {
                    List<Ref> refs = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        refs.add(new Ref(r.getLong("seq"), r.getString("kind"), r.getLong("row_id")));
                    }
                    refs.sort(Comparator.comparingLong(Ref::seq)); // RETURNING promises no order
                    return LoggedRows.documents(c, refs, Ref::kind, Ref::rowId).map(docs -> {
                        List<Taken> taken = new ArrayList<>(refs.size());
                        for (Ref r : refs) {
                            taken.add(new Taken(r.seq(), r.kind(), r.rowId(), docs.get(LoggedRows.ref(r.kind(), r.rowId()))));
                        }
                        return taken;
                    });
                })
                .compose(taken -> {
                    if (taken.isEmpty()) {
                        return Future.succeededFuture((Batch) null);
                    }
                    return keys(c, taken).compose(keys -> vertx.executeBlocking(() -> build(base, taken, keys), false))
                            .compose(batch -> write(c, batch).map(v -> batch));
                });
    }

    /** The subjects' keys, made for those who have none yet. */
    private Future<Map<String, Key>> keys(SqlConnection c, List<Taken> taken) {
        Set<String> subjects = new LinkedHashSet<>();
        for (Taken t : taken) {
            LeafCodec.Split s = LeafCodec.split(t.kind(), t.doc());
            if (s.personal() != null) {
                subjects.add(LeafCodec.subject(t.rowId(), s.personal()));
            }
        }
        if (subjects.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, Key> keys = new HashMap<>();
        return c.preparedQuery(KEYS).execute(Tuple.of((Object) subjects.toArray(new String[0]))).compose(rows -> {
            rows.forEach(r -> keys.put(r.getString("subject"), new Key(r.getLong("key_id"), r.getBuffer("key").getBytes())));
            List<String> missing = subjects.stream().filter(s -> !keys.containsKey(s)).toList();
            if (missing.isEmpty()) {
                return Future.succeededFuture(keys);
            }
            Buffer[] fresh = new Buffer[missing.size()];
            for (int i = 0; i < fresh.length; i++) {
                byte[] k = new byte[32];
                random.nextBytes(k);
                fresh[i] = Buffer.buffer(k);
            }
            return c.preparedQuery(NEW_KEYS).execute(Tuple.of(missing.toArray(new String[0]), (Object) fresh)).map(created -> {
                created.forEach(r -> keys.put(r.getString("subject"), new Key(r.getLong("key_id"), r.getBuffer("key").getBytes())));
                return keys;
            });
        });
    }

    private record Node(int level, long index, byte[] hash) {
    }

    private record Batch(CompactRange edge, Tuple leaves, Tuple nodes, List<Node> upper, int rows) {
    }

    private static Batch build(CompactRange base, List<Taken> taken, Map<String, Key> keys) {
        CompactRange next = base.copy();
        int n = taken.size();
        Long[] idx = new Long[n];
        String[] kind = new String[n];
        Long[] rowId = new Long[n];
        Buffer[] hash = new Buffer[n];
        Buffer[] mac = new Buffer[n];
        Long[] keyId = new Long[n];
        List<Integer> levels = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        List<Buffer> hashes = new ArrayList<>();
        List<Node> upper = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Taken t = taken.get(i);
            LeafCodec.Split s = LeafCodec.split(t.kind(), t.doc());
            byte[] m = null;
            if (s.personal() != null) {
                Key k = keys.get(LeafCodec.subject(t.rowId(), s.personal()));
                m = LeafCodec.personalMac(k.key(), s.personal());
                keyId[i] = k.id();
                mac[i] = Buffer.buffer(m);
            }
            byte[] h = Merkle.leafHash(LeafCodec.leaf(t.kind(), t.rowId(), s.row(), m));
            idx[i] = next.size();
            kind[i] = t.kind();
            rowId[i] = t.rowId();
            hash[i] = Buffer.buffer(h);
            next.append(h, (level, index, node) -> {
                if (level > 0) {
                    levels.add(level);
                    indexes.add(index);
                    hashes.add(Buffer.buffer(node));
                }
                if (level >= UpperNodes.MIN_LEVEL) {
                    upper.add(new Node(level, index, node));
                }
            });
        }
        return new Batch(next, Tuple.of(idx, kind, rowId, hash, mac, keyId),
                Tuple.of(levels.toArray(new Integer[0]), indexes.toArray(new Long[0]), hashes.toArray(new Buffer[0])), upper, n);
    }

    private static Future<Void> write(SqlConnection c, Batch b) {
        boolean noNodes = ((Object[]) b.nodes().getValue(0)).length == 0;
        return c.preparedQuery(LEAVES).execute(b.leaves())
                .compose(v -> noNodes ? Future.succeededFuture() : c.preparedQuery(NODES).execute(b.nodes()).mapEmpty())
                .mapEmpty();
    }
}
