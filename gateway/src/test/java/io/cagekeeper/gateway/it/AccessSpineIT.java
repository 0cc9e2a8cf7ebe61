package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spine end to end with real components: a simulated reader publishes through a real broker,
 * the gateway decides, pulses the lock relay of a simulated Modbus module, indicates to the reader,
 * sees the door open and close, and stores every event in a real PostgreSQL.
 */
class AccessSpineIT {

    static final CardNumber ALICE = CardNumber.h10301(18, 40211);
    static final CardNumber LOST = CardNumber.h10301(18, 40213);

    static Backends backends;
    static DoorModuleSimulator module;
    static SimulatedDoor door;
    static Vertx vertx;
    static Gateway gateway;
    static ReaderSimulator reader;
    static String site;
    static final List<String> relayChanges = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCage() throws Exception {
        backends = Backends.start();
        module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
        module.addCoilListener((channel, energised, at) -> relayChanges.add(channel + ":" + energised));
        door = new SimulatedDoor("d1", module, 0, true, 0, 1);
        site = "it" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> cfg = new HashMap<>();
        cfg.put("http.port", "0");
        cfg.put("db.mode", "external");
        cfg.put("db.host", backends.db().host());
        cfg.put("db.port", Integer.toString(backends.db().port()));
        cfg.put("db.database", backends.db().database());
        cfg.put("db.user", backends.db().user());
        cfg.put("mqtt.mode", "external");
        cfg.put("mqtt.uri", backends.brokerUri());
        cfg.put("mqtt.site", site);
        cfg.put("mqtt.clientId", "gw-" + site);
        cfg.put("journal.dir", backends.dir().resolve("journal").toString());
        cfg.put("module.m1.host", "127.0.0.1");
        cfg.put("module.m1.port", Integer.toString(module.port()));
        cfg.put("module.m1.pollMs", "50");
        cfg.put("door.d1.module", "m1");
        cfg.put("door.d1.lockRelay", "0");
        cfg.put("door.d1.releaseMs", "700");
        cfg.put("door.d1.positionInput", "0");
        cfg.put("door.d1.rexInput", "1");
        GatewayConfig config = ConfigLoader.fromMap(cfg, Map.of());
        vertx = Vertx.vertx();
        gateway = new Gateway(vertx, config);
        gateway.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        seed(gateway.policyStore()).compose(v -> gateway.policy().reload())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        reader = new ReaderSimulator(ReaderConfig.of(gateway.brokerUri(), site, "r1-in"));
        reader.connect();
        Await.until(Duration.ofSeconds(10), "module online", () -> gateway.modules().get("m1").online());
    }

    static io.vertx.core.Future<Long> seed(PolicyStore store) {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        List<PolicyStore.Statement> s = new ArrayList<>();
        s.add(PolicyStore.upsertSite(new Site(site, "IT site", java.time.ZoneOffset.UTC)));
        s.add(PolicyStore.upsertZone(new Zone("hall", "Hall", null)));
        s.add(PolicyStore.upsertZone(new Zone("cage", "Cage", "hall")));
        s.add(PolicyStore.upsertDoor(new Door("d1", "Cage door", "hall", "cage", null)));
        s.add(PolicyStore.upsertReader(new Reader("r1-in", "d1", ReaderSide.ENTRY)));
        s.add(PolicyStore.upsertSchedule(Schedule.always("always")));
        s.addAll(PolicyStore.putAccessLevel(new AccessLevel("cage", "Cage", List.of(new DoorSchedule("d1", "always")))));
        s.add(PolicyStore.upsertPerson(new Person("p-alice", "Alice", PersonType.EMPLOYEE, null)));
        s.add(PolicyStore.upsertPerson(new Person("p-carol", "Carol", PersonType.EMPLOYEE, null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-alice", ALICE, "p-alice", CredentialStatus.ACTIVE, from, null, null, null, null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-carol", LOST, "p-carol", CredentialStatus.LOST, from, null,
                from, "facilities", null)));
        s.add(PolicyStore.upsertGrant(new Grant("g-alice", "p-alice", "cage", from, null, "desk")));
        s.add(PolicyStore.upsertGrant(new Grant("g-carol", "p-carol", "cage", from, null, "desk")));
        return store.change("it", "spine test site", s);
    }

    @AfterAll
    static void stopCage() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (module != null) {
            module.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    /** Each test starts with the lock relocked and the door closed, whatever the previous one left. */
    @BeforeEach
    void doorIsLockedAndClosed() {
        Await.until(Duration.ofSeconds(5), "relay off", () -> !module.coil(0));
        door.close();
        relayChanges.clear();
    }

    @Test
    void grantsAnEnrolledBadgePulsesTheLockAndRecordsTheWholePassage() throws Exception {
        relayChanges.clear();
        String msgId = reader.presentCard(Card.h10301(18, 40211), null);
        Optional<Indication> shown = reader.awaitIndication(msgId, Duration.ofSeconds(5));
        assertThat(shown).isPresent();
        assertThat(shown.get().result()).isEqualTo("GRANT");
        assertThat(shown.get().led()).isEqualTo("green");
        // the module saw the relay energised, then de-energised by itself after the pulse width
        Await.until(Duration.ofSeconds(5), "relay pulse", () -> relayChanges.containsAll(List.of("0:true", "0:false")));
        assertThat(relayChanges.indexOf("0:true")).isLessThan(relayChanges.lastIndexOf("0:false"));

        Map<String, Object> row = awaitRow("SELECT * FROM events WHERE event_key = 'reader:r1-in:" + msgId + "'");
        assertThat(row.get("type")).isEqualTo("ACCESS_GRANTED");
        assertThat(row.get("result")).isEqualTo("GRANT");
        assertThat(row.get("card")).isEqualTo("18:40211");
        assertThat(row.get("person_id")).isEqualTo("p-alice");
        assertThat(row.get("decided_by")).isEqualTo("grant:g-alice");
        assertThat(row.get("device_seq")).isNotNull();
        assertThat(row.get("device_ts")).isNotNull();
        assertThat(row.get("received_at")).isNotNull();
        assertThat(row.get("snapshot_version")).isNotNull();
        assertThat((String) row.get("reasons")).contains("ACCESS_LEVEL_GRANTED");
    }

    @Test
    void recordsTheDoorOpeningAndClosingAfterAGrant() throws Exception {
        String msgId = reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
        assertThat(door.pushThrough(Duration.ofSeconds(2), Duration.ofMillis(300))).isTrue();
        Map<String, Object> opened = awaitRow("SELECT * FROM events WHERE door_id = 'd1' AND type = 'DOOR_OPENED' "
                + "AND received_at > (SELECT received_at FROM events WHERE event_key = 'reader:r1-in:" + msgId + "')");
        assertThat((String) opened.get("sentence")).contains("granted release");
        awaitRow("SELECT * FROM events WHERE door_id = 'd1' AND type = 'DOOR_CLOSED' AND id > " + opened.get("id"));
    }

    @Test
    void deniesALostBadgeAndNeverTouchesTheRelay() throws Exception {
        relayChanges.clear();
        String msgId = reader.presentCard(Card.h10301(18, 40213), null);
        assertThat(reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains("DENY");
        Map<String, Object> row = awaitRow("SELECT * FROM events WHERE event_key = 'reader:r1-in:" + msgId + "'");
        assertThat(row.get("type")).isEqualTo("ACCESS_DENIED");
        assertThat((String) row.get("reasons")).contains("CREDENTIAL_LOST");
        assertThat((String) row.get("sentence")).contains("reported LOST").contains("by facilities");
        Thread.sleep(200);
        assertThat(relayChanges).doesNotContain("0:true");
    }

    @Test
    void rejectsAMalformedCredentialWithoutAGrantAndKeepsRunning() throws Exception {
        relayChanges.clear();
        long before = gateway.metrics().get("rejected.total");
        reader.publishRaw("credential", "{\"v\":1,\"msgId\":\"x\",\"seq\":\"not a number\"}".getBytes(StandardCharsets.UTF_8), false);
        Await.until(Duration.ofSeconds(5), "rejection counted", () -> gateway.metrics().get("rejected.total") > before);
        awaitRow("SELECT * FROM events WHERE type = 'MESSAGE_REJECTED' AND source = 'reader:r1-in' AND 'WRONG_TYPE' = ANY(reasons)");
        assertThat(relayChanges).doesNotContain("0:true");
        String msgId = reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
    }

    @Test
    void aRedeliveredCredentialIsStoredOnceAndReleasesTheDoorOnce() throws Exception {
        String msgId = "redelivery-" + UUID.randomUUID();
        String payload = "{\"v\":1,\"msgId\":\"" + msgId + "\",\"seq\":999999,\"ts\":\"" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + "\",\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
        relayChanges.clear();
        reader.publishRaw("credential", payload.getBytes(StandardCharsets.UTF_8), false);
        reader.publishRaw("credential", payload.getBytes(StandardCharsets.UTF_8), false);
        awaitRow("SELECT * FROM events WHERE event_key = 'reader:r1-in:" + msgId + "'");
        Thread.sleep(500);
        assertThat(query("SELECT count(*) AS n FROM events WHERE event_key = 'reader:r1-in:" + msgId + "'").get(0).get("n")).isEqualTo(1L);
        assertThat(relayChanges.stream().filter("0:true"::equals).count()).isEqualTo(1);
    }

    @Test
    void servesStoredEventsAndDoorStatusOverHttp() throws Exception {
        String msgId = reader.presentCard(Card.h10301(18, 40211), null);
        reader.awaitIndication(msgId, Duration.ofSeconds(5));
        awaitRow("SELECT * FROM events WHERE event_key = 'reader:r1-in:" + msgId + "'");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + gateway.httpPort();
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events?limit=50")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(200);
        JsonArray list = new JsonObject(events.body()).getJsonArray("events");
        assertThat(list.stream().map(o -> ((JsonObject) o).getString("type"))).contains("ACCESS_GRANTED");
        HttpResponse<String> doors = http.send(HttpRequest.newBuilder(URI.create(base + "/api/doors")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(doors.body()).getJsonArray("doors").getJsonObject(0).getString("id")).isEqualTo("d1");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events?limit=banana")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("limit").doesNotContain("Exception");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("up");
    }

    static Map<String, Object> awaitRow(String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Await.until(Duration.ofSeconds(10), sql, () -> {
            rows.clear();
            rows.addAll(query(sql));
            return !rows.isEmpty();
        });
        return rows.get(0);
    }

    static List<Map<String, Object>> query(String sql) throws Exception {
        var db = gateway.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Array a) {
                        v = java.util.Arrays.toString((Object[]) a.getArray());
                    }
                    row.put(rs.getMetaData().getColumnName(i), v);
                }
                out.add(row);
            }
            return out;
        }
    }
}
