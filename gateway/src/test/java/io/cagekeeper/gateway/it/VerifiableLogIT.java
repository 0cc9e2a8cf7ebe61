package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.db.GatewayRole;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.tlog.CheckpointPublisher;
import io.cagekeeper.gateway.tlog.LogAppender;
import io.cagekeeper.gateway.tlog.LogProofs;
import io.cagekeeper.gateway.tlog.LogVerifier;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The verifiable log on a real PostgreSQL: rows become leaves in storage order, checkpoints are signed
 * and kept outside the database, proofs verify with the evidence module alone, and every kind of
 * tampering the schema owner can do (modify, delete, insert, reorder, cut the leaves) is named by
 * verify-log. Each attack runs in a transaction verify-log reads from, then rolled back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifiableLogIT {

    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension();

    private static final String ORIGIN = "cagekeeper.test/log-it";
    private static NoteKey key;
    private static LogAppender log;
    private static CheckpointPublisher checkpoints;
    private static LogProofs proofs;
    private static EventStore events;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        key = NoteKey.generate(ORIGIN);
        dir = Files.createTempDirectory("tlog-it");
        log = new LogAppender(db.vertx(), db.pool());
        log.load().await(10, TimeUnit.SECONDS);
        checkpoints = new CheckpointPublisher(db.vertx(), db.pool(), log, ORIGIN, List.of(key), dir, io.cagekeeper.gateway.tlog.CheckpointStamps.off(db.vertx(), db.pool()));
        checkpoints.start(3_600_000).await(10, TimeUnit.SECONDS);
        proofs = new LogProofs(db.pool(), log, checkpoints);
        events = new EventStore(db.pool());
        List<GatewayEvent> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(granted("k-" + i, i % 3 == 0 ? "p-bob" : "p-alice"));
        }
        events.appendAll(batch).await(10, TimeUnit.SECONDS);
        exec(db.backends().db(), "INSERT INTO audit_trail (actor, action, outcome, status) VALUES ('u-admin', 'login', 'DONE', 200)");
        sync();
    }

    private static GatewayEvent granted(String key, String person) {
        return new GatewayEvent(key, EventType.ACCESS_GRANTED, "reader:r1", "d1", 7L, Instant.parse("2026-11-25T10:15:30.123Z"),
                Instant.parse("2026-11-25T10:15:30.200Z"), "18:4021" + person.length(), person, "GRANT", List.of("ACCESS_LEVEL_GRANTED"),
                "grant:g-1", 3L, "Granted: " + person, List.of(), Map.of("side", "ENTRY", "ratio", 0.25));
    }

    private static void sync() throws Exception {
        log.drain().await(10, TimeUnit.SECONDS);
        checkpoints.publishIfGrown().await(10, TimeUnit.SECONDS);
    }

    private static long eventId(String key) throws SQLException {
        return single("SELECT id FROM events WHERE event_key = '" + key + "'");
    }

    private static long leafOf(String kind, long id) throws SQLException {
        return single("SELECT idx FROM tlog_leaves WHERE kind = '" + kind + "' AND row_id = " + id);
    }

    private static long single(String sql) throws SQLException {
        PgEndpoint e = db.backends().db();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    private static void exec(PgEndpoint e, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** verify-log over the whole log, after {@code attack} ran as the schema owner in the same (then rolled back) transaction. */
    private static LogVerifier.Report verifyAfter(String... attack) throws SQLException {
        return verifyAgainst(null, attack);
    }

    private static LogVerifier.Report verifyAgainst(String note, String... attack) throws SQLException {
        PgEndpoint e = db.backends().db();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : attack) {
                    s.execute(sql);
                }
            }
            try {
                return new LogVerifier(key).verify(c, note, 0, Long.MAX_VALUE);
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    @Order(1)
    void logsEveryStoredEventAndAuditRowInStorageOrderUnderASignedCheckpoint() throws Exception {
        long first = leafOf("event", eventId("k-0"));
        long last = leafOf("event", eventId("k-39"));
        assertThat(last - first).isEqualTo(39);
        assertThat(single("SELECT count(*) FROM tlog_inbox")).isZero();
        assertThat(single("SELECT count(*) FROM tlog_leaves")).isEqualTo(single("SELECT max(idx) + 1 FROM tlog_leaves"));
        Checkpoint c = Checkpoint.open(checkpoints.latest(), NoteKey.verifier(key.verifierKey()));
        assertThat(c.origin()).isEqualTo(ORIGIN);
        assertThat(c.size()).isEqualTo(log.head().size()).isGreaterThanOrEqualTo(41);
        assertThat(c.root()).isEqualTo(log.head().root());
        // outside the database too: the latest file and the day's history
        assertThat(Files.readString(dir.resolve("checkpoint"))).isEqualTo(checkpoints.latest());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("checkpoints-") && n.endsWith(".jsonl"));
        }
        LogVerifier.Report clean = verifyAfter();
        assertThat(clean.findings()).isEmpty();
        assertThat(clean.rowsChecked()).isEqualTo(c.size());
    }

    @Test
    @Order(2)
    void servesAnInclusionProofThatVerifiesWithTheEvidenceModuleAlone() throws Exception {
        long id = eventId("k-7");
        JsonObject p = proofs.inclusion("event", id, null).await(10, TimeUnit.SECONDS);
        Checkpoint c = Checkpoint.open(p.getString("checkpoint"), NoteKey.verifier(key.verifierKey()));
        byte[] leaf = Base64.getDecoder().decode(p.getString("leaf"));
        String doc = new String(leaf, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(doc).contains("\"kind\":\"event\"", "\"id\":" + id, "\"personal\":").doesNotContain("p-alice", "p-bob", "18:402");
        assertThat(Merkle.verifyInclusion(p.getLong("index"), c.size(), Merkle.leafHash(leaf), LogProofs.hashes(p.getJsonArray("proof")),
                c.root())).isTrue();
        byte[] other = doc.replace("GRANT", "DENY").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Merkle.verifyInclusion(p.getLong("index"), c.size(), Merkle.leafHash(other), LogProofs.hashes(p.getJsonArray("proof")),
                c.root())).as("a leaf claiming another result").isFalse();
    }

    @Test
    @Order(3)
    void provesEachCheckpointConsistentWithTheNext() throws Exception {
        Checkpoint older = Checkpoint.open(checkpoints.latest(), key);
        events.appendAll(List.of(granted("k-later-1", "p-carol"), granted("k-later-2", "p-carol"))).await(10, TimeUnit.SECONDS);
        sync();
        Checkpoint newer = Checkpoint.open(checkpoints.latest(), key);
        assertThat(newer.size()).isEqualTo(older.size() + 2);
        JsonObject p = proofs.consistency(older.size(), newer.size()).await(10, TimeUnit.SECONDS);
        assertThat(Merkle.verifyConsistency(older.size(), newer.size(), older.root(), newer.root(), LogProofs.hashes(p.getJsonArray("proof"))))
                .isTrue();
        byte[] forged = older.root();
        forged[0] ^= 1;
        assertThat(Merkle.verifyConsistency(older.size(), newer.size(), forged, newer.root(), LogProofs.hashes(p.getJsonArray("proof"))))
                .as("an older head this log never had").isFalse();
    }

    @Test
    @Order(4)
    void namesAModifiedEvent() throws Exception {
        long id = eventId("k-12");
        LogVerifier.Report r = verifyAfter("UPDATE events SET result = 'DENY' WHERE id = " + id);
        assertThat(r.ok()).isFalse();
        assertThat(r.first().index()).isEqualTo(leafOf("event", id));
        assertThat(r.first().rowId()).isEqualTo(id);
        assertThat(r.first().problem()).contains("does not match its leaf");
    }

    @Test
    @Order(5)
    void namesAnEventWhosePersonalFieldsWereChanged() throws Exception {
        long id = eventId("k-13");
        LogVerifier.Report r = verifyAfter("UPDATE events SET person_id = 'p-mallory' WHERE id = " + id);
        assertThat(r.first().index()).isEqualTo(leafOf("event", id));
        assertThat(r.first().problem()).contains("personal fields were changed");
    }

    @Test
    @Order(6)
    void namesADeletedEvent() throws Exception {
        long id = eventId("k-20");
        LogVerifier.Report r = verifyAfter("DELETE FROM events WHERE id = " + id);
        assertThat(r.first().index()).isEqualTo(leafOf("event", id));
        assertThat(r.first().problem()).contains("deleted");
    }

    @Test
    @Order(7)
    void namesAnEventInsertedBehindTheLogsBack() throws Exception {
        LogVerifier.Report r = verifyAfter("SET LOCAL session_replication_role = replica",
                "INSERT INTO events (id, event_key, type, source, received_at) VALUES (900001, 'forged', 'ACCESS_GRANTED', 'reader:r1', now())");
        assertThat(r.ok()).isFalse();
        assertThat(r.first().kind()).isEqualTo("event");
        assertThat(r.first().rowId()).isEqualTo(900001);
        assertThat(r.first().problem()).contains("not in the log");
    }

    @Test
    @Order(8)
    void namesTheFirstOfTwoReorderedEvents() throws Exception {
        long a = eventId("k-30");
        long b = eventId("k-31");
        LogVerifier.Report r = verifyAfter("UPDATE events SET id = -1 WHERE id = " + a, "UPDATE events SET id = " + a + " WHERE id = " + b,
                "UPDATE events SET id = " + b + " WHERE id = -1");
        assertThat(r.first().index()).isEqualTo(leafOf("event", a));
        assertThat(r.findings()).extracting(LogVerifier.Finding::rowId).contains(a, b);
    }

    @Test
    @Order(9)
    void namesALeafCutFromTheLogAndARewrittenLeafAgainstACheckpointKeptOutside() throws Exception {
        long idx = leafOf("event", eventId("k-5"));
        LogVerifier.Report cut = verifyAfter("ALTER TABLE tlog_leaves DISABLE TRIGGER USER", "DELETE FROM tlog_leaves WHERE idx = " + idx);
        assertThat(cut.first().index()).isEqualTo(idx);
        assertThat(cut.first().problem()).contains("missing");
        // the owner rewrites a row, its leaf and every checkpoint in the database: the one kept outside still tells
        String outside = Files.readString(dir.resolve("checkpoint"));
        long id = eventId("k-6");
        LogVerifier.Report rewritten = verifyAgainst(outside, "ALTER TABLE tlog_leaves DISABLE TRIGGER USER",
                "ALTER TABLE tlog_checkpoints DISABLE TRIGGER USER", "DELETE FROM tlog_checkpoints",
                "UPDATE events SET result = 'DENY' WHERE id = " + id,
                "UPDATE tlog_leaves SET leaf_hash = sha256('forged') WHERE kind = 'event' AND row_id = " + id);
        assertThat(rewritten.ok()).isFalse();
        assertThat(rewritten.first().index()).isEqualTo(leafOf("event", id));
    }

    @Test
    @Order(10)
    void theGatewaysRoleCanAddToTheLogButNeverRewriteIt() throws Exception {
        assumeThat(Backends.external()).as("the external test database has one trust-auth user only").isFalse();
        PgEndpoint owner = db.backends().db();
        PgEndpoint gateway = db.backends().gatewayDb();
        GatewayRole.apply(owner, gateway.user());
        for (String attack : List.of("UPDATE tlog_leaves SET leaf_hash = sha256('x')", "DELETE FROM tlog_leaves",
                "TRUNCATE tlog_leaves", "UPDATE tlog_nodes SET hash = sha256('x')", "DELETE FROM tlog_checkpoints",
                "DELETE FROM tlog_subject_keys", "UPDATE tlog_erasures SET rule = 'x'", "UPDATE events SET result = 'DENY'",
                "UPDATE tlog_timestamps SET token = 'x'", "DELETE FROM tlog_timestamps",
                "SELECT tlog_erase('p-alice', 'intruder', 'none')")) {
            assertThatThrownBy(() -> exec(gateway, attack)).as(attack).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
        // not even the owner changes them while the trigger stands
        for (String attack : List.of("UPDATE tlog_leaves SET leaf_hash = sha256('x')", "DELETE FROM tlog_nodes", "TRUNCATE tlog_checkpoints",
                "TRUNCATE tlog_timestamps")) {
            assertThatThrownBy(() -> exec(owner, attack)).as(attack).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }

    @Test
    @Order(11)
    void erasingAPersonKeepsEveryProofValidAndIsLoggedItself() throws Exception {
        long id = eventId("k-9"); // p-bob
        JsonObject before = proofs.inclusion("event", id, null).await(10, TimeUnit.SECONDS);
        long erasure = single("SELECT tlog_erase('p-bob', 'u-dpo', 'retention: 90 days after the contract ended')");
        assertThat(single("SELECT count(*) FROM events WHERE person_id = 'p-bob' OR sentence LIKE '%p-bob%'")).isZero();
        sync();
        assertThat(leafOf("erasure", erasure)).isGreaterThan(before.getLong("index"));
        assertThat(verifyAfter().findings()).isEmpty();
        JsonObject after = proofs.inclusion("event", id, before.getLong("treeSize")).await(10, TimeUnit.SECONDS);
        assertThat(after.getString("leaf")).isEqualTo(before.getString("leaf"));
        assertThat(after.getJsonArray("proof")).isEqualTo(before.getJsonArray("proof"));
        // personal data removed without an erasure is named
        long alice = eventId("k-10");
        Consumer<LogVerifier.Report> namesAlice = r -> assertThat(r.first().rowId()).isEqualTo(alice);
        namesAlice.accept(verifyAfter("UPDATE events SET person_id = NULL, card = NULL, sentence = NULL WHERE id = " + alice));
    }
}
