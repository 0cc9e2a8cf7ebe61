package io.cagekeeper.gateway.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.it.DatabaseExtension;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A proof renders its row in UTC, as a leaf's definition says, whatever zone the pool's sessions are in: on
 * the log's pool (sessions in UTC, {@link LogProofs#utcSessions}) in one statement, on a pool in another zone
 * in a transaction set to UTC. The rows hold timestamps, so a row rendered in another zone would no longer
 * hash to its leaf and the proof would be refused (409): every answer here must match the stored leaf hash
 * and be the same on every pool.
 */
class InclusionProofZoneIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    @Test
    void servesTheSameProofRenderedInUtcWhateverZoneThePoolsSessionsAreIn() throws Exception {
        Sql.exec(db, """
                INSERT INTO events (event_key, type, source, door_id, device_seq, device_ts, received_at, card, person_id, result, sentence)
                SELECT 'zone-' || g, 'ACCESS_GRANTED', 'reader:r1', 'd1', g, now() - g * interval '1 minute', now(), '18:' || (g % 5),
                       'p-' || (g % 3), 'GRANT', 'Granted: p-' || (g % 3)
                FROM generate_series(1, 300) AS g
                """);
        LogAppender appender = new LogAppender(db.vertx(), db.pool());
        appender.load().await(10, TimeUnit.SECONDS);
        appender.drain().await(1, TimeUnit.MINUTES);
        long size = appender.head().size();
        String note = new Checkpoint("cagekeeper.test/zone", size, appender.head().root()).sign(List.of(NoteKey.generate("cagekeeper.test/zone")))
                .encode();

        List<long[]> leaves = new ArrayList<>(); // row id, leaf index
        List<byte[]> stored = new ArrayList<>();
        try (Connection c = Sql.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT row_id, idx, leaf_hash FROM tlog_leaves WHERE kind = 'event' ORDER BY idx")) {
            while (rs.next()) {
                leaves.add(new long[] {rs.getLong(1), rs.getLong(2)});
                stored.add(rs.getBytes(3));
            }
        }
        assertThat(leaves).hasSize(300);

        PgEndpoint e = db.backends().db();
        PgConnectOptions options = new PgConnectOptions().setHost(e.host()).setPort(e.port()).setDatabase(e.database())
                .setUser(e.user()).setPassword(e.password()).setCachePreparedStatements(true);
        Pool utc = PgBuilder.pool().connectingTo(LogProofs.utcSessions(options)).using(db.vertx()).build();
        Pool kolkata = PgBuilder.pool().connectingTo(new PgConnectOptions(options).addProperty("TimeZone", "Asia/Kolkata"))
                .using(db.vertx()).build();
        try {
            assertThat(zone(utc)).isEqualTo("UTC");
            assertThat(zone(kolkata)).isEqualTo("Asia/Kolkata");
            for (int i = 0; i < leaves.size(); i += 7) {
                long rowId = leaves.get(i)[0];
                List<JsonObject> answers = new ArrayList<>();
                for (Pool pool : List.of(utc, kolkata, utc)) {
                    answers.add(new LogProofs(pool, appender, null).inclusionIn("event", rowId, note).await(10, TimeUnit.SECONDS));
                }
                JsonObject first = answers.get(0);
                assertThat(first.getLong("index")).isEqualTo(leaves.get(i)[1]);
                assertThat(Base64.getDecoder().decode(first.getString("leafHash"))).isEqualTo(stored.get(i));
                assertThat(new String(Base64.getDecoder().decode(first.getString("leaf")), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("+00:00");
                assertThat(Merkle.verifyInclusion(first.getLong("index"), size, stored.get(i), LogProofs.hashes(first.getJsonArray("proof")),
                        appender.head().root())).isTrue();
                assertThat(answers).as("row %d", rowId).allSatisfy(a -> assertThat(a).isEqualTo(first));
            }
        } finally {
            utc.close().await(10, TimeUnit.SECONDS);
            kolkata.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static String zone(Pool pool) throws Exception {
        return pool.query("SHOW TimeZone").execute().await(10, TimeUnit.SECONDS).iterator().next().getString(0);
    }
}
