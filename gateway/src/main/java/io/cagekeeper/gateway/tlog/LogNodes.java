package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.Merkle;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the tree's stored nodes for a computation (a proof, the tree's edge at start-up) in one query:
 * the computation runs once against a recorder to learn which perfect subtrees it needs (which nodes a
 * proof reads depends on the sizes only, never on the hashes), then again against what was fetched.
 * Nodes already known (the {@link UpperNodes} cache, a proof's block fetched with its leaf) need not
 * be fetched ({@link #missing}, {@link #fetch}).
 */
final class LogNodes {

    private static final String FETCH = """
            SELECT q.level, q.idx, coalesce(n.hash, l.leaf_hash) AS hash
            FROM unnest($1::int[], $2::bigint[]) AS q(level, idx)
            LEFT JOIN tlog_nodes n ON q.level > 0 AND n.level = q.level AND n.idx = q.idx
            LEFT JOIN tlog_leaves l ON q.level = 0 AND l.idx = q.idx
            """;
    private static final byte[] PLACEHOLDER = new byte[Merkle.HASH_SIZE];

    /** A node: level and index. */
    record Id(int level, long index) {
    }

    private LogNodes() {
    }

    /** {@code computation} over the stored nodes; fails when one is missing (the log's tables were cut). */
    static <T> Future<T> with(SqlClient c, Function<Merkle.Nodes, T> computation) {
        Set<Id> needed = missing((level, index) -> null, computation);
        if (needed.isEmpty()) {
            return Future.succeededFuture(computation.apply((level, index) -> {
                throw new IllegalStateException("no node expected");
            }));
        }
        return fetch(c, needed).map(found -> computation.apply((level, index) -> found.get(new Id(level, index))));
    }

    /** The nodes {@code computation} asks for that {@code known} does not answer (null: unknown). */
    static Set<Id> missing(Merkle.Nodes known, Function<Merkle.Nodes, ?> computation) {
        Set<Id> needed = new LinkedHashSet<>();
        computation.apply((level, index) -> {
            byte[] h = known.node(level, index);
            if (h == null) {
                needed.add(new Id(level, index));
                return PLACEHOLDER;
            }
            return h;
        });
        return needed;
    }

    /** The stored nodes {@code ids}, in one query; fails when one is missing. */
    static Future<Map<Id, byte[]>> fetch(SqlClient c, Set<Id> ids) {
        Integer[] levels = new Integer[ids.size()];
        Long[] indexes = new Long[ids.size()];
        int i = 0;
        for (Id id : ids) {
            levels[i] = id.level();
            indexes[i++] = id.index();
        }
        return c.preparedQuery(FETCH).execute(Tuple.of(levels, (Object) indexes)).compose(rows -> {
            Map<Id, byte[]> found = new HashMap<>();
            for (Row r : rows) {
                Buffer h = r.getBuffer("hash");
                if (h == null) {
                    return Future.failedFuture(new IllegalStateException("the log lacks its node at level " + r.getInteger("level")
                            + " index " + r.getLong("idx")));
                }
                found.put(new Id(r.getInteger("level"), r.getLong("idx")), h.getBytes());
            }
            return Future.succeededFuture(found);
        });
    }

    /** The hashes of a list as a base64 JSON-friendly list. */
    static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(h -> java.util.Base64.getEncoder().encodeToString(h)).toList();
    }
}
