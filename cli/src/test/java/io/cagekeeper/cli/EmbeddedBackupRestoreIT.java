package io.cagekeeper.cli;

import static io.cagekeeper.cli.CagekeeperTest.cagekeeper;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.cli.CagekeeperTest.Result;
import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.db.EmbeddedDatabase;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store (the demo's database) backed up while its gateway is stopped and restored into an
 * empty data directory of another site directory: the restored site's verifiable log verifies with the
 * same checkpoint, its gateway starts on the restored files, passwords and keys (no new admin, no new
 * key), grants a badge granted before and refuses one revoked before. The backup refuses the store while
 * it runs, and the restore refuses a data directory that holds anything. Embedded PostgreSQL and the
 * embedded broker, so it runs on a fresh machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBackupRestoreIT {

    private static final Pattern CHECKPOINT = Pattern.compile("OK: checkpoint of (\\d+) leaves");
    private static final String SITE = "embk";
    private static final String READER = "r-embk";
    private static final Card ALICE = Card.h10301(22, 2001);
    private static final Card BOB = Card.h10301(22, 2002);

    @TempDir
    static Path dir;

    /** The reader's last seq, carried from one gateway's run to the next (the device is the same). */
    private static long lastSeq;

    private Path confA;
    private Path confB;
    private Path pass;
    private DoorModuleSimulator module;

    @BeforeAll
    void aSiteWithHistoryAndAnEmptyOne() throws Exception {
        module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
        new SimulatedDoor("d1", module, 0, true, 0, 1);
        confA = siteConfig("a");
        confB = siteConfig("b");
        pass = Files.writeString(dir.resolve("passphrase"), "a passphrase for the embedded backup\n");
        runGateway(confA, (gateway, reader) -> {
            RestoreSite.seed(gateway, SITE, "embedded restore site", READER, 22, 2001);
            assertThat(badge(reader, ALICE)).isEqualTo("GRANT");
            assertThat(badge(reader, BOB)).isEqualTo("GRANT");
            RestoreSite.revokeBob(gateway, 22, 2001);
            assertThat(badge(reader, BOB)).as("revoked").isEqualTo("DENY");
        });
    }

    @AfterAll
    void stopTheModule() {
        if (module != null) {
            module.close();
        }
    }

    private Path siteConfig(String name) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        return Files.writeString(root.resolve("cagekeeper.properties"), String.join("\n",
                "http.port = 0", "db.mode = embedded", "db.dataDir = " + root.resolve("data/postgres"),
                "mqtt.mode = embedded", "mqtt.embeddedPort = 0", "mqtt.site = " + SITE,
                "journal.dir = " + root.resolve("data/journal"), "tlog.key = " + root.resolve("data/tlog/log-signing.key"),
                "readers.unsigned = " + READER, "reconciliation.nightlyAt = off",
                "module.m1.host = 127.0.0.1", "module.m1.port = " + module.port(), "module.m1.pollMs = 50",
                "door.d1.module = m1", "door.d1.lockRelay = 0", "door.d1.releaseMs = 700", "door.d1.positionInput = 0",
                "door.d1.rexInput = 1", ""));
    }

    private static String badge(ReaderSimulator reader, Card card) throws Exception {
        return RestoreSite.badge(reader, card);
    }

    @Test
    void theRestoredStoreVerifiesWithTheSameCheckpointAndItsGatewayGrantsAndRefusesAsBefore() throws Exception {
        Result before = cagekeeper("verify-log", "-c", confA.toString());
        assertThat(before.code()).as(before.out() + before.err()).isZero();
        long leaves = leaves(before.out());
        assertThat(leaves).isPositive();

        Path backup = dir.resolve("site-a.ckbackup");
        Result b = cagekeeper("backup", confA.toString(), "--out", backup.toString(), "--passphrase-file", pass.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("backup written", "the embedded store", "key files, sealed");
        String raw = new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1);
        for (Path secret : List.of(EmbeddedDatabase.ownerPasswordFile(dir.resolve("a/data/postgres")),
                EmbeddedDatabase.gatewayPasswordFile(dir.resolve("a/data/postgres")), dir.resolve("a/data/tlog/log-signing.key"))) {
            assertThat(raw).as("no secret in the clear: " + secret.getFileName()).doesNotContain(Files.readString(secret).strip());
        }

        Result r = cagekeeper("restore", backup.toString(), confB.toString(), "--passphrase-file", pass.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("restored the backup of site", "the embedded store");
        assertThat(dir.resolve("b/data/tlog/log-signing.key")).hasSameBinaryContentAs(dir.resolve("a/data/tlog/log-signing.key"));
        assertThat(EmbeddedDatabase.ownerPasswordFile(dir.resolve("b/data/postgres")))
                .hasSameBinaryContentAs(EmbeddedDatabase.ownerPasswordFile(dir.resolve("a/data/postgres")));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b/data/postgres"))))
                .isEqualTo("rwx------");

        Result after = cagekeeper("verify-log", "-c", confB.toString());
        assertThat(after.code()).as(after.out() + after.err()).isZero();
        assertThat(leaves(after.out())).isEqualTo(leaves);

        runGateway(confB, (gateway, reader) -> {
            assertThat(gateway.policy().current().credential(CardNumber.h10301(22, 2002)).status()).isEqualTo(CredentialStatus.REVOKED);
            assertThat(badge(reader, ALICE)).as("a badge granted before the backup").isEqualTo("GRANT");
            assertThat(badge(reader, BOB)).as("a badge revoked before the backup").isEqualTo("DENY");
        });
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("b/data/postgres"))) {
            var owner = db.ownerEndpoint();
            assertThat(count(owner, "SELECT count(*) FROM events WHERE type = 'ACCESS_GRANTED' AND card = '"
                    + CardNumber.h10301(22, 2001) + "'")).as("Alice before and after the restore").isEqualTo(2);
            assertThat(count(owner, "SELECT count(*) FROM users WHERE login = 'admin'")).as("no second first admin").isEqualTo(1);
        }
        Result continued = cagekeeper("verify-log", "-c", confB.toString());
        assertThat(continued.code()).as(continued.out() + continued.err()).isZero();
        assertThat(leaves(continued.out())).isGreaterThan(leaves);
    }

    @Test
    void aRunningStoreIsNotBackedUpAndARestoreIntoAStoreThatHoldsAnythingWritesNothing() throws Exception {
        Path backup = dir.resolve("refused.ckbackup");
        try (EmbeddedDatabase running = EmbeddedDatabase.start(dir.resolve("a/data/postgres"))) {
            Result b = cagekeeper("backup", confA.toString(), "-o", backup.toString(), "--passphrase-file", pass.toString());
            assertThat(b.code()).isEqualTo(1);
            assertThat(b.err()).contains("is running", "stop the gateway");
            assertThat(backup).doesNotExist();
        }
        assertThat(cagekeeper("backup", confA.toString(), "-o", backup.toString(), "--passphrase-file", pass.toString()).code()).isZero();
        Result full = cagekeeper("restore", backup.toString(), confA.toString(), "--passphrase-file", pass.toString());
        assertThat(full.code()).isEqualTo(1);
        assertThat(full.err()).contains("is not empty", "restore into an empty db.dataDir");

        Path external = Files.writeString(dir.resolve("external.properties"), "db.mode = external\nmqtt.mode = external\n");
        Result wrongKind = cagekeeper("restore", backup.toString(), external.toString(), "--passphrase-file", pass.toString());
        assertThat(wrongKind.code()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("embedded store's files", "db.mode=embedded");
    }

    private static long leaves(String verifyLogOutput) {
        Matcher m = CHECKPOINT.matcher(verifyLogOutput);
        assertThat(m.find()).as(verifyLogOutput).isTrue();
        return Long.parseLong(m.group(1));
    }

    @FunctionalInterface
    private interface WhileUp {
        void run(Gateway gateway, ReaderSimulator reader) throws Exception;
    }

    /**
     * Starts the gateway of {@code conf} (its embedded database and broker), connects the site's reader to
     * that broker with the password the broker generated for it, runs {@code whileUp} once the door module is
     * online, waits until a checkpoint covers every leaf, and stops it all: the store is stopped afterwards.
     */
    private static void runGateway(Path conf, WhileUp whileUp) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Gateway gateway = new Gateway(vertx, ConfigLoader.load(conf, Map.of()));
            gateway.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
            try (ReaderSimulator reader = new ReaderSimulator(ReaderConfig.of(gateway.brokerUri(), SITE, READER)
                    .withCredentials(READER, gateway.embeddedBroker().readerPassword(READER)).withHeartbeat(Duration.ZERO))) {
                // the same device after the restore: its seq goes on from where it was (a new simulator starts at 1,
                // and the restored gateway would rightly refuse those as replays of what it had already seen)
                reader.loseMessages((int) lastSeq);
                reader.connect();
                long online = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!gateway.modules().get("m1").online()) {
                    assertThat(System.nanoTime()).as("door module online within 10 s").isLessThan(online);
                    Thread.sleep(50);
                }
                whileUp.run(gateway, reader);
                lastSeq = reader.seq();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (!everyLeafCheckpointed(gateway)) {
                    assertThat(System.nanoTime()).as("a checkpoint of every leaf within 40 s").isLessThan(deadline);
                    Thread.sleep(250);
                }
            } finally {
                gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean everyLeafCheckpointed(Gateway gateway) throws Exception {
        var db = gateway.database();
        return count(db, "SELECT count(*) FROM tlog_inbox") == 0 && count(db, "SELECT count(*) FROM tlog_leaves") > 0
                && count(db, "SELECT coalesce(max(size), 0) FROM tlog_checkpoints") == count(db, "SELECT count(*) FROM tlog_leaves");
    }

    private static long count(io.cagekeeper.gateway.db.PgEndpoint db, String query) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
