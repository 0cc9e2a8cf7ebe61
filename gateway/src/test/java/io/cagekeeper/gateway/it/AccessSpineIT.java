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

    static Backends backends;
    static TestCage cage;
    static DoorModuleSimulator module;
    static SimulatedDoor door;
    static Gateway gateway;
    static ReaderSimulator reader;
    static List<String> relayChanges;

    @BeforeAll
    static void startCage() throws Exception {
        backends = Backends.start();
        cage = new TestCage(backends, backends.db().port());
        module = cage.module;
        door = cage.door;
        gateway = cage.gateway;
        reader = cage.reader;
        relayChanges = cage.relayChanges;
    }

    @AfterAll
    static void stopCage() throws Exception {
        if (cage != null) {
            cage.close();
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
        assertThat(reader.retainedIndicationCount()).as("indications are never retained").isZero();
        assertThat(reader.malformedIndicationCount()).isZero();
        // the module saw the relay energised, then de-energised by itself after the pulse width
        Await.until(Duration.ofSeconds(5), "relay energised, then de-energised by the module",
                () -> relayChanges.contains("0:true") && relayChanges.lastIndexOf("0:false") > relayChanges.indexOf("0:true"));

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
        reader.publishRawSigned("credential", "{\"v\":1,\"msgId\":\"x\",\"seq\":\"not a number\"}");
        Await.until(Duration.ofSeconds(5), "rejection counted", () -> gateway.metrics().get("rejected.total") > before);
        awaitRow("SELECT * FROM events WHERE type = 'MESSAGE_REJECTED' AND source = 'reader:r1-in' AND 'WRONG_TYPE' = ANY(reasons)");
        assertThat(relayChanges).doesNotContain("0:true");
        String msgId = reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
    }

    @Test
    void aRedeliveredCredentialIsStoredOnceAndReleasesTheDoorOnce() throws Exception {
        String msgId = "redelivery-" + UUID.randomUUID();
        reader.loseMessages(1); // the seq this hand-made credential takes, in the reader's own order
        String payload = "{\"v\":1,\"msgId\":\"" + msgId + "\",\"seq\":" + reader.seq() + ",\"ts\":\""
                + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + "\",\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}";
        relayChanges.clear();
        reader.publishRawSigned("credential", payload);
        reader.publishRawSigned("credential", payload);
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
        HttpResponse<String> events = cage.api.get("/api/events?limit=50");
        assertThat(events.statusCode()).isEqualTo(200);
        JsonArray list = new JsonObject(events.body()).getJsonArray("events");
        assertThat(list.stream().map(o -> ((JsonObject) o).getString("type"))).contains("ACCESS_GRANTED");
        HttpResponse<String> doors = cage.api.get("/api/doors");
        assertThat(new JsonObject(doors.body()).getJsonArray("doors").getJsonObject(0).getString("id")).isEqualTo("d1");
        HttpResponse<String> bad = cage.api.get("/api/events?limit=banana");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("limit").doesNotContain("Exception");
        HttpResponse<String> health = cage.api.get("/api/health");
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("up");
    }

    static Map<String, Object> awaitRow(String sql) {
        return cage.awaitRow(sql);
    }

    static List<Map<String, Object>> query(String sql) throws Exception {
        return cage.query(sql);
    }
}
