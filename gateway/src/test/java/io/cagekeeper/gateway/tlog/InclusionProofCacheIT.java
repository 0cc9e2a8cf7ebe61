package io.cagekeeper.gateway.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.MemoryTree;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.it.DatabaseExtension;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inclusion and consistency proofs served from memory (the upper levels in {@link UpperNodes}, the leaf's
 * block fetched with it, the checkpoint's edge cached) are the proofs of the stored tree: for random
 * leaves and tree sizes they equal what evidence's {@link MemoryTree} makes from the stored leaf hashes,
 * and verify against its root, whether the cache was filled by the appender's batches or read back by
 * a fresh load. A wrong cached node would give a proof that does not verify, so these fail on one.
 */
class InclusionProofCacheIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    private static final String EVENTS = """
            INSERT INTO events (event_key, type, source, door_id, device_seq, received_at, card, person_id, result, sentence)
            SELECT 'cache-' || g, 'ACCESS_GRANTED', 'reader:r1', 'd1', g, now(), '18:' || (g % 50), 'p-' || (g % 40), 'GRANT',
                   'Granted: p-' || (g % 40)
            FROM generate_series(FROM_ID, TO_ID) AS g
            """;

    private record Ref(String kind, long rowId) {
    }

    @Test
    void servesTheStoredTreesProofsForRandomLeavesAndTreeSizesFromTheAppendersCacheAndFromAFreshLoad() throws Exception {
        LogAppender appender = new LogAppender(db.vertx(), db.pool());
        appender.load().await(10, TimeUnit.SECONDS);
        // three backlogs of uneven sizes: the upper levels fill across batches (5,000 a batch) and partial blocks
        int[] sizes = {5_300, 700, 1};
        int next = 1;
        for (int n : sizes) {
            Sql.exec(db, EVENTS.replace("FROM_ID", Integer.toString(next)).replace("TO_ID", Integer.toString(next + n - 1)));
            next += n;
            appender.drain().await(5, TimeUnit.MINUTES);
        }
        long size = appender.head().size();
        assertThat(size).isEqualTo(6_001);

        MemoryTree tree = new MemoryTree();
        List<Ref> refs = new ArrayList<>();
        try (Connection c = Sql.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT idx, kind, row_id, leaf_hash FROM tlog_leaves ORDER BY idx")) {
            while (rs.next()) {
                assertThat(rs.getLong("idx")).isEqualTo(tree.size());
                tree.append(rs.getBytes("leaf_hash"));
                refs.add(new Ref(rs.getString("kind"), rs.getLong("row_id")));
            }
        }
        assertThat(appender.upperNodes().get(UpperNodes.MIN_LEVEL, size / 256 - 1)).isEqualTo(tree.node(UpperNodes.MIN_LEVEL, size / 256 - 1));
        assertThat(appender.upperNodes().get(UpperNodes.MIN_LEVEL, size / 256)).as("an incomplete node is never cached").isNull();

        LogAppender fresh = new LogAppender(db.vertx(), db.pool());
        fresh.load().await(10, TimeUnit.SECONDS);
        NoteKey key = NoteKey.generate("cagekeeper.test/cache");
        for (LogAppender log : List.of(appender, fresh)) {
            LogProofs proofs = new LogProofs(db.pool(), log, null);
            Random random = new Random(9162);
            List<long[]> cases = new ArrayList<>(List.of(new long[] {0, 1}, new long[] {255, 256}, new long[] {256, 257},
                    new long[] {size - 1, size}, new long[] {0, size}, new long[] {5_119, 5_120}, new long[] {5_120, size}));
            for (int i = 0; i < 300; i++) {
                long n = 1 + random.nextInt((int) size);
                cases.add(new long[] {random.nextInt((int) n), n});
            }
            for (long[] c : cases) {
                long idx = c[0];
                long n = c[1];
                byte[] root = Merkle.root(n, tree);
                String note = new Checkpoint("cagekeeper.test/cache", n, root).sign(List.of(key)).encode();
                Ref ref = refs.get((int) idx);
                JsonObject answer = proofs.inclusionIn(ref.kind(), ref.rowId(), note).await(10, TimeUnit.SECONDS);
                List<byte[]> proof = LogProofs.hashes(answer.getJsonArray("proof"));
                assertThat(answer.getLong("index")).isEqualTo(idx);
                assertThat(proof).as("leaf %d in a tree of %d", idx, n).containsExactlyElementsOf(Merkle.inclusionProof(idx, n, tree));
                assertThat(Merkle.verifyInclusion(idx, n, tree.node(0, idx), proof, root)).isTrue();
            }
            for (int i = 0; i < 100; i++) {
                long to = 1 + random.nextInt((int) size);
                long from = 1 + random.nextInt((int) to);
                List<byte[]> proof = LogProofs.hashes(proofs.consistency(from, to).await(10, TimeUnit.SECONDS).getJsonArray("proof"));
                assertThat(proof).as("from %d to %d", from, to).containsExactlyElementsOf(Merkle.consistencyProof(from, to, tree));
                assertThat(Merkle.verifyConsistency(from, to, Merkle.root(from, tree), Merkle.root(to, tree), proof)).isTrue();
            }
        }
    }
}
