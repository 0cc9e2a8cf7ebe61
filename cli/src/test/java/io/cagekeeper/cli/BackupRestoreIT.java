package io.cagekeeper.cli;

import static io.cagekeeper.cli.CagekeeperTest.cagekeeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cagekeeper.cli.CagekeeperTest.Result;
import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site backed up and restored into an empty database of another site directory, on the machine's
 * PostgreSQL (pg_dump, pg_restore): the restored database and keys make a site whose verifiable log
 * verifies with the same checkpoint, and whose gateway starts on them, keeps signing under the same
 * key and decides badges as the site did: at a simulated reader (signing with its restored key) and
 * door module, a badge granted before is granted, one revoked before the backup is refused. Needs {@code -Dcagekeeper.it.backend=external} (the embedded PostgreSQL is not on this
 * module's class path, and the machine's pg_dump must be as new as the server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRestoreIT {

    private static final Pattern CHECKPOINT = Pattern.compile("OK: checkpoint of (\\d+) leaves");

    @TempDir
    static Path dir;

    private final String site = "bk" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String dbA = "ck_" + site + "_a";
    private final String dbB = "ck_" + site + "_b";
    private Path confA;
    private Path confB;
    private Path pass;
    /** One reader and one door module for both sites (the restore replaces the server, not the devices). */
    private final String readerId = "rd" + site.substring(2, 8);
    private DoorModuleSimulator module;
    private ReaderSimulator reader;
    private static final Card ALICE = Card.h10301(21, 1001);
    private static final Card BOB = Card.h10301(21, 1002);

    @BeforeAll
    void twoSitesOneWithHistoryOneEmpty() throws Exception {
        assumeTrue("external".equals(System.getProperty("cagekeeper.it.backend")),
                "needs -Dcagekeeper.it.backend=external (PostgreSQL on 127.0.0.1:5432 and its pg_dump)");
        sql("postgres", "CREATE DATABASE " + dbA);
        sql("postgres", "CREATE DATABASE " + dbB);
        module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
        new SimulatedDoor("d1", module, 0, true, 0, 1);
        confA = siteConfig("a", dbA);
        confB = siteConfig("b", dbB);
        pass = Files.writeString(dir.resolve("passphrase"), "a passphrase for the backup\n");
        byte[] readerKey = new byte[32];
        new java.security.SecureRandom().nextBytes(readerKey);
        Files.writeString(dir.resolve("a/keys/readers/" + readerId + ".key"), Base64.getEncoder().encodeToString(readerKey) + "\n");
        reader = new ReaderSimulator(ReaderConfig.of("tcp://127.0.0.1:1883", site, readerId).withHmacKey(readerKey)
                .withHeartbeat(Duration.ZERO));
        reader.connect();
        // site A's first start: schema, first admin (an audit row, so a leaf), log-signing key, the policy; Alice
        // badges in, Bob too until his badge is revoked; a signed checkpoint of it all
        runGatewayUntilACheckpoint(confA, dbA, gateway -> {
            RestoreSite.seed(gateway, site, "restore site", readerId, 21, 1001);
            assertThat(badge(ALICE)).isEqualTo("GRANT");
            assertThat(badge(BOB)).isEqualTo("GRANT");
            RestoreSite.revokeBob(gateway, 21, 1001);
            assertThat(badge(BOB)).as("revoked").isEqualTo("DENY");
        });
    }

    private String badge(Card card) throws Exception {
        return RestoreSite.badge(reader, card);
    }

    @AfterAll
    void dropBoth() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (module != null) {
            module.close();
        }
        if (confA != null) {
            sql("postgres", "DROP DATABASE IF EXISTS " + dbA + " WITH (FORCE)");
            sql("postgres", "DROP DATABASE IF EXISTS " + dbB + " WITH (FORCE)");
        }
    }

    private Path siteConfig(String name, String database) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(root.resolve("keys/readers"));
        return Files.writeString(root.resolve("cagekeeper.properties"), String.join("\n",
                "http.port = 0", "db.mode = external", "db.host = 127.0.0.1", "db.port = 5432", "db.database = " + database,
                "db.user = postgres", "mqtt.mode = external", "mqtt.uri = tcp://127.0.0.1:1883", "mqtt.site = " + site,
                "mqtt.clientId = gw-" + site + "-" + name, "journal.dir = " + root.resolve("data/journal"),
                "readers.keysDir = " + root.resolve("keys/readers"), "reconciliation.nightlyAt = off",
                "module.m1.host = 127.0.0.1", "module.m1.port = " + module.port(), "module.m1.pollMs = 50",
                "door.d1.module = m1", "door.d1.lockRelay = 0", "door.d1.releaseMs = 700", "door.d1.positionInput = 0",
                "door.d1.rexInput = 1", ""));
    }

    @Test
    void theRestoredSiteVerifiesWithTheSameCheckpointAndItsGatewayGrantsAndRefusesAsBeforeAndKeepsSigningUnderTheSameKey()
            throws Exception {
        Result before = cagekeeper("verify-log", "-c", confA.toString());
        assertThat(before.code()).as(before.out() + before.err()).isZero();
        long leaves = leaves(before.out());
        assertThat(leaves).isPositive();

        Path backup = dir.resolve("site-a.ckbackup");
        Result b = cagekeeper("backup", confA.toString(), "--out", backup.toString(), "--passphrase-file", pass.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("backup written", "key files, sealed");
        assertThat(new String(Files.readAllBytes(backup), java.nio.charset.StandardCharsets.ISO_8859_1)).as("no key in the clear")
                .doesNotContain(Files.readString(dir.resolve("a/keys/readers/" + readerId + ".key")).strip())
                .doesNotContain(Files.readString(dir.resolve("a/data/tlog/log-signing.key")).strip());

        Result r = cagekeeper("restore", backup.toString(), confB.toString(), "--passphrase-file", pass.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("restored the backup of site " + site);
        assertThat(dir.resolve("b/data/tlog/log-signing.key")).hasSameBinaryContentAs(dir.resolve("a/data/tlog/log-signing.key"));
        assertThat(dir.resolve("b/keys/readers/" + readerId + ".key"))
                .hasSameBinaryContentAs(dir.resolve("a/keys/readers/" + readerId + ".key"));

        Result after = cagekeeper("verify-log", "-c", confB.toString());
        assertThat(after.code()).as(after.out() + after.err()).isZero();
        assertThat(leaves(after.out())).isEqualTo(leaves);
        assertThat(count(dbB, "SELECT count(*) FROM users WHERE login = 'admin'")).isEqualTo(1);

        // the restored site runs: the gateway starts on it (no new key, no new admin), reads the reader's restored key,
        // grants Alice, refuses Bob's revoked badge, releases the door for Alice only, and its new checkpoints verify
        long releasesBefore = count(dbB, "SELECT count(*) FROM events WHERE type = 'DOOR_RELEASED'");
        runGatewayUntilACheckpoint(confB, dbB, gateway -> {
            assertThat(gateway.policy().current().credential(CardNumber.h10301(21, 1002)).status()).isEqualTo(CredentialStatus.REVOKED);
            assertThat(badge(ALICE)).as("a badge granted before the backup").isEqualTo("GRANT");
            assertThat(badge(BOB)).as("a badge revoked before the backup").isEqualTo("DENY");
        });
        assertThat(count(dbB, "SELECT count(*) FROM events WHERE type = 'ACCESS_GRANTED' AND card = '" + CardNumber.h10301(21, 1001)
                + "'")).as("Alice before and after the restore").isEqualTo(2);
        assertThat(count(dbB, "SELECT count(*) FROM events WHERE type = 'ACCESS_DENIED' AND card = '" + CardNumber.h10301(21, 1002)
                + "'")).as("Bob's revoked badge before and after").isEqualTo(2);
        assertThat(count(dbB, "SELECT count(*) FROM events WHERE type = 'DOOR_RELEASED'")).isEqualTo(releasesBefore + 1);
        Result continued = cagekeeper("verify-log", "-c", confB.toString());
        assertThat(continued.code()).as(continued.out() + continued.err()).isZero();
        assertThat(leaves(continued.out())).isGreaterThan(leaves);
        assertThat(count(dbB, "SELECT count(*) FROM users WHERE login = 'admin'")).isEqualTo(1);
    }

    @Test
    void aRestoreIntoADatabaseThatHoldsAnythingOrWithTheWrongPassphraseWritesNothing() throws Exception {
        Path backup = dir.resolve("refused.ckbackup");
        assertThat(cagekeeper("backup", confA.toString(), "-o", backup.toString(), "--passphrase-file", pass.toString()).code()).isZero();

        Path wrong = Files.writeString(dir.resolve("wrong"), "not the passphrase at all\n");
        Result w = cagekeeper("restore", backup.toString(), confA.toString(), "--passphrase-file", wrong.toString());
        assertThat(w.code()).isEqualTo(1);
        assertThat(w.err()).contains("wrong passphrase");

        Result full = cagekeeper("restore", backup.toString(), confA.toString(), "--passphrase-file", pass.toString());
        assertThat(full.code()).isEqualTo(1);
        assertThat(full.err()).contains("already holds", "restore into an empty database");

        Result again = cagekeeper("backup", confA.toString(), "-o", backup.toString(), "--passphrase-file", pass.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("refusing to overwrite");
    }

    private static long leaves(String verifyLogOutput) {
        Matcher m = CHECKPOINT.matcher(verifyLogOutput);
        assertThat(m.find()).as(verifyLogOutput).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** What a test does with a running gateway. */
    @FunctionalInterface
    private interface WhileUp {
        void run(Gateway gateway) throws Exception;
    }

    /**
     * Starts the gateway of {@code conf}, runs {@code whileUp} once its door module is online, then waits until a
     * checkpoint covers every leaf (the checkpointer runs every 10 s) and stops it.
     */
    private static void runGatewayUntilACheckpoint(Path conf, String database, WhileUp whileUp) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Gateway gateway = new Gateway(vertx, ConfigLoader.load(conf, Map.of()));
            gateway.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
            try {
                long online = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!gateway.modules().get("m1").online()) {
                    assertThat(System.nanoTime()).as("door module online within 10 s").isLessThan(online);
                    Thread.sleep(50);
                }
                whileUp.run(gateway);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (!(count(database, "SELECT count(*) FROM tlog_inbox") == 0
                        && count(database, "SELECT count(*) FROM tlog_leaves") > 0
                        && count(database, "SELECT coalesce(max(size), 0) FROM tlog_checkpoints")
                        == count(database, "SELECT count(*) FROM tlog_leaves"))) {
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

    private static long count(String database, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String database, String statement) throws Exception {
        MachineServices.sql(database, statement);
    }
}
