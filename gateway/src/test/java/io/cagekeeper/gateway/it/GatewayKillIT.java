package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway process is killed with SIGKILL while a fail-safe maglock is released (relay
 * de-energised, and only the gateway would re-energise it after 30 s). The module's communication
 * watchdog, which the gateway configured, must relock the door by itself within its timeout.
 */
class GatewayKillIT {

    @Test
    void aDoorReleasedWhenTheGatewayIsKilledRelocksThroughTheModuleWatchdog() throws Exception {
        try (Backends backends = Backends.start();
             DoorModuleSimulator module = DoorModuleSimulator.start("127.0.0.1", 0, 1)) {
            String site = "kill" + UUID.randomUUID().toString().substring(0, 6);
            int httpPort = Backends.freePort();
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Path keys = Files.createDirectories(backends.dir().resolve("kill-keys"));
            Files.writeString(keys.resolve("r1-in.key"), java.util.Base64.getEncoder().encodeToString(key));
            Path props = backends.dir().resolve("gateway.properties");
            Files.writeString(props, String.join("\n",
                    "http.port=" + httpPort,
                    "db.mode=external", "db.host=" + backends.db().host(), "db.port=" + backends.db().port(),
                    "db.database=" + backends.db().database(), "db.user=" + backends.db().user(),
                    "db.password=" + backends.db().password(),
                    "mqtt.mode=external", "mqtt.uri=" + backends.brokerUri(), "mqtt.site=" + site, "mqtt.clientId=gw-" + site,
                    "journal.dir=" + backends.dir().resolve("journal-kill"),
                    "module.m1.host=127.0.0.1", "module.m1.port=" + module.port(), "module.m1.pollMs=100",
                    "module.m1.watchdogMs=2000",
                    "door.d1.module=m1", "door.d1.lockRelay=0", "door.d1.lockType=fail-safe", "door.d1.releaseMs=30000",
                    "door.d1.positionInput=0", "readers.keysDir=" + keys));
            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.cagekeeper.gateway.GatewayMain", props.toString())
                    .redirectErrorStream(true).redirectOutput(backends.dir().resolve("gateway.log").toFile()).start();
            try {
                Await.until(Duration.ofSeconds(60), "the gateway locked the maglock (relay energised)", () -> module.coil(0));
                long seeded = seed(backends, site);
                Await.until(Duration.ofSeconds(15), "policy loaded", () -> health(httpPort).contains("\"policyVersion\":" + seeded));
                try (ReaderSimulator reader = new ReaderSimulator(ReaderConfig.of(backends.brokerUri(), site, "r1-in").withHmacKey(key))) {
                    reader.connect();
                    String id = reader.presentCard(Card.h10301(18, 40211), null);
                    assertThat(reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
                    assertThat(module.coil(0)).as("maglock released").isFalse();
                    gateway.destroyForcibly().waitFor();
                    long killedAt = System.nanoTime();
                    Await.until(Duration.ofSeconds(5), "the watchdog relocked the door", () -> module.coil(0));
                    long relockMs = (System.nanoTime() - killedAt) / 1_000_000;
                    System.out.println("[it] door relocked " + relockMs + " ms after SIGKILL (watchdog 2000 ms)");
                    assertThat(module.inputRegister(10) & 1).as("watchdog-tripped flag").isEqualTo(1);
                }
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    private static String health(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Writes the policy statement by statement (each its own logged version since V13) and returns the last version. */
    private static long seed(Backends b, String site) throws Exception {
        var db = b.db();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "INSERT INTO site VALUES ('" + site + "', 'Kill site', 'UTC')",
                    "INSERT INTO zones VALUES ('hall', 'Hall', NULL), ('cage', 'Cage', 'hall')",
                    "INSERT INTO doors VALUES ('d1', 'Cage door', 'hall', 'cage', NULL)",
                    "INSERT INTO readers VALUES ('r1-in', 'd1', 'ENTRY')",
                    "INSERT INTO persons VALUES ('p1', 'Alice', 'EMPLOYEE', NULL)",
                    "INSERT INTO credentials VALUES ('c1', '18:40211', 'p1', 'ACTIVE', now() - interval '1 day', NULL, NULL, NULL, NULL)",
                    "INSERT INTO schedules VALUES ('always', 'Always', ARRAY['MONDAY 00:00 00:00','TUESDAY 00:00 00:00',"
                            + "'WEDNESDAY 00:00 00:00','THURSDAY 00:00 00:00','FRIDAY 00:00 00:00','SATURDAY 00:00 00:00','SUNDAY 00:00 00:00'])",
                    "INSERT INTO access_levels VALUES ('l1', 'Cage')",
                    "INSERT INTO access_level_doors VALUES ('l1', 'd1', 'always')",
                    "INSERT INTO grants VALUES ('g1', 'p1', 'l1', now() - interval '1 day', NULL, 'desk')",
                    "INSERT INTO policy_changes (changed_by, summary) VALUES ('it', 'kill test site')")) {
                s.execute(sql);
            }
            try (var rs = s.executeQuery("SELECT max(version) FROM policy_changes")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
