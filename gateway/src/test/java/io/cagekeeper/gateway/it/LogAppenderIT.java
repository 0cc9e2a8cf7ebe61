package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.tlog.CheckpointPublisher;
import io.cagekeeper.gateway.tlog.LogAppender;
import io.cagekeeper.gateway.tlog.LogProofs;
import io.cagekeeper.gateway.tlog.LogVerifier;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The appender keeps up with a large backlog: what it costs a batch depends on the batch, never on how
 * many rows the logged tables hold. A V16 appender took more than 8 minutes for 200,000 queued rows
 * because its prepared take fell to a generic plan that hash-joined all of {@code events} per batch;
 * this test checks the plans themselves (no timed assertion) and a 50,000-row backlog end to end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogAppenderIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    private static final int BACKLOG = 50_000;

    private static final String EVENTS = """
            INSERT INTO events (event_key, type, source, door_id, device_seq, received_at, card, person_id, result, reasons,
                                decided_by, snapshot_version, sentence, detail)
            SELECT 'backlog-' || g, 'ACCESS_GRANTED', 'reader:r' || (g % 64), 'd' || (g % 32), g, now(), '18:' || (g % 5000),
                   CASE WHEN g % 7 = 0 THEN NULL ELSE 'p-' || (g % 2000) END, 'GRANT', ARRAY['ACCESS_LEVEL_GRANTED'], 'grant:g-1', 1,
                   'Granted: p-' || (g % 2000), jsonb_build_object('side', 'ENTRY')
            FROM generate_series(1, BACKLOG) AS g
            """;

    @Test
    @Order(1)
    void appendsAQueuedBacklogOfFiftyThousandRowsAndTheTreeVerifies() throws Exception {
        PgEndpoint e = db.backends().db();
        try (Connection c = connect(e); Statement s = c.createStatement()) {
            s.execute(EVENTS.replace("BACKLOG", Integer.toString(BACKLOG))); // one statement: the V16 trigger queues all of them in the inbox
            s.execute("INSERT INTO audit_trail (actor, action, outcome, status) SELECT 'u-admin', 'login', 'DONE', 200 FROM generate_series(1, 100)");
        }
        assertThat(count("SELECT count(*) FROM tlog_inbox")).isEqualTo(BACKLOG + 100);

        LogAppender log = new LogAppender(db.vertx(), db.pool());
        log.load().await(10, TimeUnit.SECONDS);
        log.drain().await(10, TimeUnit.MINUTES);

        assertThat(log.head().size()).isEqualTo(BACKLOG + 100);
        assertThat(count("SELECT count(*) FROM tlog_inbox")).isZero();
        assertThat(count("SELECT count(*) FROM tlog_leaves")).isEqualTo(BACKLOG + 100);
        assertThat(count("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.kind = 'event' AND l.row_id = e.id)"))
                .isZero();
        assertThat(count("SELECT count(DISTINCT idx) - max(idx) - 1 FROM tlog_leaves")).as("dense leaf indexes").isZero();

        NoteKey key = NoteKey.generate("cagekeeper.test/backlog");
        CheckpointPublisher checkpoints = new CheckpointPublisher(db.vertx(), db.pool(), log, "cagekeeper.test/backlog", List.of(key),
                Files.createTempDirectory("tlog-backlog"), io.cagekeeper.gateway.tlog.CheckpointStamps.off(db.vertx(), db.pool()));
        checkpoints.start(3_600_000).await(10, TimeUnit.SECONDS);
        checkpoints.publishIfGrown().await(10, TimeUnit.SECONDS);
        checkpoints.stopTimer();
        LogVerifier.Report r;
        try (Connection c = connect(e)) {
            // its 6 chunks alternate between two connections in one exported snapshot, as verify-log and the API read
            r = new LogVerifier(key).verify(c, () -> connect(e), checkpoints.latest(), 0, Long.MAX_VALUE);
        }
        assertThat(r.findings()).isEmpty();
        assertThat(r.checkpointSize()).isEqualTo(BACKLOG + 100);
        assertThat(r.rowsChecked()).isEqualTo(BACKLOG + 100);
    }

    @Test
    @Order(2)
    void noStatementOfABatchScansAWholeTableEvenInItsGenericPlan() throws Exception {
        try (Connection c = connect(db.backends().db()); Statement s = c.createStatement()) {
            s.execute("ANALYZE"); // the backlog's 50,000 events are there: a scan of them would be a choice, not a necessity
            s.execute("SET plan_cache_mode = force_generic_plan");
            List<String> plans = new ArrayList<>();
            int n = 0;
            for (String sql : LogAppender.readStatements()) {
                String name = "appender_" + n++;
                String params = sql.contains("$1") ? (sql.contains("text[]") ? "(text[])" : "(bigint[])") : "";
                s.execute("PREPARE " + name + params + " AS " + sql);
                String arg = sql.contains("$1") ? (sql.contains("text[]") ? "('{p-1}')" : "('{1,2,3}')") : "";
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE " + name + arg)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                plans.add(plan.toString());
                s.execute("DEALLOCATE " + name);
            }
            assertThat(plans).hasSize(LogAppender.readStatements().size()).allSatisfy(p -> assertThat(p)
                    .doesNotContain("Seq Scan on events").doesNotContain("Hash Join").doesNotContain("Hash Right Join"));
        }
    }

    @Test
    @Order(3)
    void noStatementOfVerifyLogOrOfAProofScansOrSortsAWholeTableEvenInItsGenericPlan() throws Exception {
        try (Connection c = connect(db.backends().db()); Statement s = c.createStatement()) {
            List<String> statements = new ArrayList<>(LogVerifier.readStatements(c));
            statements.addAll(LogProofs.readStatements());
            s.execute("ANALYZE");
            s.execute("SET plan_cache_mode = force_generic_plan");
            for (String sql : statements) {
                assertThat(plan(s, sql)).as(sql).doesNotContain("Seq Scan on events").doesNotContain("Seq Scan on tlog_leaves")
                        .doesNotContain("Seq Scan on tlog_nodes").doesNotContain("Seq Scan on tlog_subject_keys")
                        .doesNotContain("Hash Join").doesNotContain("Sort");
            }
        }
    }

    @Test
    @Order(4)
    void everyReadOfAPolicyDeltaByItsSeqUsesTheSeqIndex() throws Exception {
        try (Connection c = connect(db.backends().db()); Statement s = c.createStatement()) {
            List<String> statements = new ArrayList<>(LogVerifier.readStatements(c));
            statements.addAll(LogProofs.readStatements());
            statements.removeIf(sql -> !sql.contains("FROM policy_deltas"));
            assertThat(statements).as("verify-log's by range, by ids, by columns; the proof's").hasSize(5);
            // the table is nearly empty here: without this a scan would be the cheaper plan, index or not; the primary key
            // (version, seq) can only be scanned whole for a seq
            s.execute("SET enable_seqscan = off");
            s.execute("SET plan_cache_mode = force_generic_plan");
            for (String sql : statements) {
                assertThat(plan(s, sql)).as(sql).contains("policy_deltas_seq");
            }
        }
    }

    /** The plan of {@code sql} (a statement of verify-log or a proof) prepared and executed with a typical argument. */
    private static String plan(Statement s, String sql) throws SQLException {
        s.execute("PREPARE verifier AS " + sql);
        String arg = sql.contains("bigint[]") ? "('{1,2,3}')" : sql.contains("$2") ? "(1, 10000)" : "(1)";
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE verifier" + arg)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        s.execute("DEALLOCATE verifier");
        return plan.toString();
    }

    private static Connection connect(PgEndpoint e) throws SQLException {
        return DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password());
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = connect(db.backends().db()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
