package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.gateway.http.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Proofs served from the stored tree: inclusion of a logged row in a checkpoint (the leaf's bytes
 * re-rendered from the row as it is now, refused if they no longer hash to the leaf) and consistency
 * between two tree sizes. Each reads O(log n) stored nodes in one query ({@link LogNodes}).
 */
public final class LogProofs {

    /** The kinds of logged rows, as the API names them. */
    public static final Set<String> KINDS = Set.of("event", "audit", "policy_change", "policy_delta", "erasure");

    private static final String LEAF = "SELECT q.idx, q.leaf_hash, q.personal_mac, " + LoggedRows.DOC + " AS doc FROM tlog_leaves q"
            + LoggedRows.JOINS + " WHERE q.kind = $1 AND q.row_id = $2";

    private final Pool pool;
    private final LogAppender log;
    private final CheckpointPublisher checkpoints;

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
        return note(size).compose(note -> {
            long treeSize = Checkpoint.parse(textOf(note)).size();
            return pool.withTransaction(c -> c.query(LoggedRows.UTC).execute()
                    .compose(v -> c.preparedQuery(LEAF).execute(Tuple.of(kind, rowId)))
                    .compose(rows -> {
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
                        return LogNodes.with(c, nodes -> Merkle.inclusionProof(idx, treeSize, nodes)).map(proof -> new JsonObject()
                                .put("kind", kind).put("id", rowId).put("index", idx).put("treeSize", treeSize)
                                .put("leaf", Base64.getEncoder().encodeToString(leaf))
                                .put("leafHash", Base64.getEncoder().encodeToString(hash))
                                .put("proof", new JsonArray(LogNodes.base64(proof)))
                                .put("checkpoint", note));
                    }));
        });
    }

    /** The consistency proof from the tree of {@code from} leaves to that of {@code to}. */
    public Future<JsonObject> consistency(long from, long to) {
        LogHead head = log.head();
        if (from < 1 || from > to || head == null || to > head.size()) {
            return Future.failedFuture(new BadRequest(422, "from and to are tree sizes with 1 <= from <= to <= the log's size"));
        }
        return pool.withConnection(c -> LogNodes.with(c, nodes -> Merkle.consistencyProof(from, to, nodes)))
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
