package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.gateway.http.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.RowSet;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Proofs served from the stored tree: inclusion of a logged row in a checkpoint (the leaf's bytes
 * re-rendered from the row as it is now, refused if they no longer hash to the leaf) and consistency
 * between two tree sizes.
 *
 * <p>An inclusion proof costs one round trip of one prepared statement when the connection's session is in
 * UTC (the log's pool sets {@code TimeZone=UTC} when it connects, {@link #utcSessions}): the statement says
 * the zone it rendered the row in, and only in another zone is it sent again as before, {@code BEGIN}, the
 * UTC zone, the statement and {@code COMMIT} together (the client pipelines them: still one round trip, but
 * four statements for PostgreSQL, each answered on its own). That statement reads the leaf by its
 * (kind, row id) key, its row by primary key, and the leaf's siblings inside its block of 256 leaves
 * (levels 0-7, primary-key look-ups); the levels above come from {@link UpperNodes} in memory. Only the
 * nodes neither holds (the checkpoint's own right edge below level 8, the last block's) cost a second
 * query ({@link LogNodes}), and those are kept in a small cache, since proofs mostly name the latest
 * checkpoint.
 */
public final class LogProofs {

    /** The kinds of logged rows, as the API names them. */
    public static final Set<String> KINDS = Set.of("event", "audit", "policy_change", "policy_delta", "erasure");

    /**
     * Per kind: the leaf, its row's document and its siblings at levels 0 to 7 as an array indexed by
     * level (null where not stored: beyond the tree's end). Each a primary-key look-up.
     */
    private static final Map<String, String> LEAF = new HashMap<>();

    static {
        StringBuilder siblings = new StringBuilder("ARRAY[(SELECT l.leaf_hash FROM tlog_leaves l WHERE l.idx = (q.idx # 1))");
        for (int level = 1; level < UpperNodes.MIN_LEVEL; level++) {
            siblings.append(", (SELECT n.hash FROM tlog_nodes n WHERE n.level = ").append(level).append(" AND n.idx = ((q.idx >> ")
                    .append(level).append(") # 1))");
        }
        siblings.append("]");
        for (LoggedRows.Table t : LoggedRows.TABLES) {
            LEAF.put(t.kind(), "SELECT q.idx, q.leaf_hash, q.personal_mac, " + t.docOf("q.row_id") + " AS doc, " + siblings
                    + " AS siblings, current_setting('TimeZone') AS zone FROM tlog_leaves q WHERE q.kind = '" + t.kind()
                    + "' AND q.row_id = $1");
        }
    }

    private static final int CACHED_EDGE_NODES = 256;

    private static final String UTC_ZONE = "UTC";

    /**
     * {@code options} for the log's pool: sessions in UTC (a startup property), so that a proof needs no
     * transaction to render its row in UTC, as a leaf's definition says. Nothing else of the log depends on
     * the session's zone (the appender and verify-log set UTC in their transactions).
     */
    public static PgConnectOptions utcSessions(PgConnectOptions options) {
        return new PgConnectOptions(options).addProperty("TimeZone", UTC_ZONE);
    }

    /** The statement of an inclusion proof, per kind ({@code $1}: the row id), for a test of its plans. */
    public static List<String> readStatements() {
        return LoggedRows.TABLES.stream().map(t -> LEAF.get(t.kind())).toList();
    }

    private final Pool pool;
    private final LogAppender log;
    private final CheckpointPublisher checkpoints;

    /** Nodes below the cached levels fetched before (a checkpoint's right edge), least recently used out. */
    private final Map<Long, byte[]> edgeNodes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_EDGE_NODES;
        }
    };

    public LogProofs(Pool pool, LogAppender log, CheckpointPublisher checkpoints) {
        this.pool = pool;
        this.log = log;
        this.checkpoints = checkpoints;
    }

    /**
     * The inclusion proof of row {@code rowId} of {@code kind} in the checkpoint of {@code size} leaves
     * (null: the latest checkpoint), with that checkpoint's note, so the answer verifies on its own.
     */
    public Future<JsonObject> inclusion(String kind, long rowId, Long size) {
        if (!KINDS.contains(kind)) {
            return Future.failedFuture(new BadRequest("kind is one of " + String.join(", ", KINDS.stream().sorted().toList())));
        }
        return note(size).compose(note -> inclusionIn(kind, rowId, note));
    }

    /** The inclusion proof in the tree of the checkpoint {@code note} (signed or not: only its size is read here). */
    Future<JsonObject> inclusionIn(String kind, long rowId, String note) {
        long treeSize = Checkpoint.parse(textOf(note)).size();
        return pool.withConnection(c -> c.preparedQuery(LEAF.get(kind)).execute(Tuple.of(rowId))
                .compose(rows -> renderedInUtc(rows) ? Future.succeededFuture(rows) : inUtcTransaction(c, kind, rowId))).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new BadRequest(404, "that row is not in the log (yet)"));
            }
            Row r = rows.iterator().next();
            long idx = r.getLong("idx");
            if (idx >= treeSize) {
                return Future.failedFuture(new BadRequest(409, "that row was logged after the checkpoint: ask again after the next one"));
            }
            Buffer mac = r.getBuffer("personal_mac");
            LeafCodec.Split split = LeafCodec.split(kind, r.getString("doc"), mac != null);
            byte[] leaf = LeafCodec.leaf(kind, rowId, split.row(), mac == null ? null : mac.getBytes());
            byte[] hash = Merkle.leafHash(leaf);
            if (!Arrays.equals(hash, r.getBuffer("leaf_hash").getBytes())) {
                return Future.failedFuture(new BadRequest(409, "that row no longer matches its leaf: run verify-log"));
            }
            Merkle.Nodes known = known(idx, r.getArrayOfBuffers("siblings"));
            return proof(nodes -> Merkle.inclusionProof(idx, treeSize, nodes), known).map(proof -> new JsonObject()
                    .put("kind", kind).put("id", rowId).put("index", idx).put("treeSize", treeSize)
                    .put("leaf", Base64.getEncoder().encodeToString(leaf))
                    .put("leafHash", Base64.getEncoder().encodeToString(hash))
                    .put("proof", new JsonArray(LogNodes.base64(proof)))
                    .put("checkpoint", note));
        });
    }

    /** Whether the leaf's row (if any) was rendered in UTC, as a leaf's definition says: the session was in UTC. */
    private static boolean renderedInUtc(RowSet<Row> rows) {
        return rows.size() == 0 || UTC_ZONE.equals(rows.iterator().next().getString("zone"));
    }

    /** The proof's statement in a transaction set to UTC, in one round trip: the client pipelines the four. */
    private static Future<RowSet<Row>> inUtcTransaction(io.vertx.sqlclient.SqlConnection c, String kind, long rowId) {
        c.query("BEGIN").execute();
        c.query(LoggedRows.UTC).execute();
        Future<RowSet<Row>> read = c.preparedQuery(LEAF.get(kind)).execute(Tuple.of(rowId));
        Future<RowSet<Row>> commit = c.query("COMMIT").execute(); // ends the transaction whatever the read did
        return read.compose(rows -> commit.map(v -> rows));
    }

    /** The nodes a proof of leaf {@code idx} knows without a query: its block's siblings, the upper levels, the cached edge. */
    private Merkle.Nodes known(long idx, Buffer[] siblings) {
        Merkle.Nodes cached = cached();
        return (level, index) -> {
            if (level < siblings.length && index == ((idx >> level) ^ 1) && siblings[level] != null) {
                return siblings[level].getBytes();
            }
            return cached.node(level, index);
        };
    }

    /** The nodes known to every proof: the upper levels, the edge nodes fetched before. */
    private Merkle.Nodes cached() {
        UpperNodes upper = log.upperNodes();
        return (level, index) -> {
            if (level >= UpperNodes.MIN_LEVEL) {
                return upper.get(level, index);
            }
            synchronized (edgeNodes) {
                return edgeNodes.get(edgeKey(level, index));
            }
        };
    }

    /**
     * A computation over the known nodes and, for the rest, the stored ones in one query (then kept when
     * below the cached levels: they are few, and one proof's checkpoint edge is the next's).
     */
    private <T> Future<T> proof(Function<Merkle.Nodes, T> computation, Merkle.Nodes known) {
        Set<LogNodes.Id> missing = LogNodes.missing(known, computation);
        if (missing.isEmpty()) {
            return Future.succeededFuture(computation.apply(known));
        }
        return pool.withConnection(c -> LogNodes.fetch(c, missing)).map(found -> {
            synchronized (edgeNodes) {
                found.forEach((id, h) -> {
                    if (id.level() < UpperNodes.MIN_LEVEL) {
                        edgeNodes.put(edgeKey(id.level(), id.index()), h);
                    }
                });
            }
            return computation.apply((level, index) -> {
                byte[] h = known.node(level, index);
                return h != null ? h : found.get(new LogNodes.Id(level, index));
            });
        });
    }

    private static long edgeKey(int level, long index) {
        return ((long) level << 56) | index;
    }

    /** The consistency proof from the tree of {@code from} leaves to that of {@code to}. */
    public Future<JsonObject> consistency(long from, long to) {
        LogHead head = log.head();
        if (from < 1 || from > to || head == null || to > head.size()) {
            return Future.failedFuture(new BadRequest(422, "from and to are tree sizes with 1 <= from <= to <= the log's size"));
        }
        return proof(nodes -> Merkle.consistencyProof(from, to, nodes), cached())
                .map(proof -> new JsonObject().put("from", from).put("to", to).put("proof", new JsonArray(LogNodes.base64(proof))));
    }

    /** The latest signed checkpoint's note (409 before the first). */
    public Future<String> latestNote() {
        return note(null);
    }

    private Future<String> note(Long size) {
        if (size == null) {
            String latest = checkpoints.latest();
            return latest == null ? Future.failedFuture(new BadRequest(409, "no checkpoint yet")) : Future.succeededFuture(latest);
        }
        return checkpoints.atSize(size).compose(n -> n == null
                ? Future.failedFuture(new BadRequest(404, "no checkpoint was signed at that size"))
                : Future.succeededFuture(n));
    }

    private static String textOf(String note) {
        return io.cagekeeper.evidence.SignedNote.parse(note).text();
    }

    /** The proof list of a JSON answer, decoded. */
    public static List<byte[]> hashes(JsonArray proof) {
        return proof.stream().map(o -> Base64.getDecoder().decode((String) o)).toList();
    }
}
