package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attack of issue 9: one event PostgreSQL refuses for its content (a NUL in its text) used to
 * freeze the event log for good (journaled, every later event behind it, replay stuck across
 * restarts, forced doors without an alarm, health "up"). Now it is quarantined, alarmed and skipped.
 * The bad event is injected at the event log itself, past the API's own refusal of such text.
 */
class EventQuarantineIT {

    @RegisterExtension
    static final OutageCageExtension env = new OutageCageExtension();

    /** What an operator named "x", NUL, "y" setting the threat level used to put into the event log. */
    private static GatewayEvent withNul(String key) {
        String operator = "operator:x" + (char) 0 + "y";
        return new GatewayEvent(key, EventType.THREAT_LEVEL_CHANGED, operator, null, null, null, Instant.now(), null, null,
                null, null, operator, null, "Threat level changed from NORMAL to NORMAL by x" + (char) 0 + "y", null,
                Map.of("operator", "x" + (char) 0 + "y"));
    }

    @Test
    void anEventPostgresqlRefusesIsQuarantinedAlarmedAndSkippedSoTheEventsBehindItAreStoredAndAlarmed() throws Exception {
        String key = "inject:" + UUID.randomUUID();
        env.cage().gateway.eventLog().append(withNul(key)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        forceTheDoor();
        var forced = env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'DOOR_FORCED_OPEN' AND state = 'ACTIVE'");
        String granted = presentAlicesCard();
        env.cage().awaitRow("SELECT id FROM events WHERE event_key = 'reader:r1-in:" + granted + "'");
        assertThat(env.cage().gateway.eventLog().journaling()).as("nothing waits behind the bad event").isFalse();

        var q = env.cage().awaitRow("SELECT * FROM quarantined_events WHERE event_key = '" + key + "'");
        assertThat(q.get("sql_state")).isEqualTo("22021");
        assertThat((String) q.get("reason")).contains("0x00");
        assertThat((String) q.get("content")).as("kept whole, NUL escaped").contains("by x\\u0000y");
        var notice = env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'EVENT_QUARANTINED' AND state = 'ACTIVE'");
        assertThat((String) notice.get("message")).contains("THREAT_LEVEL_CHANGED").contains("22021");
        env.cage().awaitRow("SELECT id FROM events WHERE type = 'EVENT_QUARANTINED'");

        JsonArray listed = new JsonObject(env.cage().get("/api/events/quarantine?pending=true").body()).getJsonArray("quarantined");
        JsonObject entry = listed.stream().map(o -> (JsonObject) o).filter(o -> key.equals(o.getString("eventKey"))).findFirst().orElseThrow();
        assertThat(entry.getString("sqlState")).isEqualTo("22021");
        HttpResponse<String> health = env.cage().get("/api/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonObject h = new JsonObject(health.body());
        assertThat(h.getString("status")).isEqualTo("degraded");
        long waiting = h.getJsonObject("eventLog").getLong("quarantined");
        assertThat(waiting).isGreaterThanOrEqualTo(1L);

        long id = entry.getLong("id");
        assertThat(post("/api/events/quarantine/" + id + "/resolve", "{\"comment\":\"operator typo\"}").statusCode())
                .isEqualTo(200);
        assertThat(post("/api/events/quarantine/" + id + "/resolve", "{\"comment\":\"again\"}").statusCode())
                .isEqualTo(409);
        assertThat(post("/api/events/quarantine/999999/resolve", "{\"comment\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(new JsonObject(env.cage().get("/api/health").body()).getJsonObject("eventLog").getLong("quarantined"))
                .isEqualTo(waiting - 1);
        clear(forced);
    }

    @Test
    void aRefusedEventInTheJournalNoLongerStopsItsReplayAfterARestart() throws Exception {
        String key = "inject:" + UUID.randomUUID();
        env.proxy().cut();
        env.cage().gateway.eventLog().append(withNul(key)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(env.cage().gateway.eventLog().journaling()).isTrue();
        long before = env.cage().gateway.eventLog().journaledCount();
        forceTheDoor();
        Await.until(Duration.ofSeconds(10), "forced door journaled", () -> env.cage().gateway.eventLog().journaledCount() >= before + 2);
        String granted = presentAlicesCard();
        Await.until(Duration.ofSeconds(10), "grant journaled", () -> env.cage().gateway.eventLog().journaledCount() >= before + 3);

        env.cage().gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        env.proxy().restore();
        env.cage().restartGateway();

        var forced = env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'DOOR_FORCED_OPEN' AND state = 'ACTIVE'");
        env.cage().awaitRow("SELECT id FROM events WHERE event_key = 'reader:r1-in:" + granted + "'");
        env.cage().awaitRow("SELECT id FROM quarantined_events WHERE event_key = '" + key + "'");
        Await.until(Duration.ofSeconds(15), "journal drained", () -> !env.cage().gateway.eventLog().journaling());
        List<Map<String, Object>> rows = env.cage().query("SELECT count(*) AS n FROM events WHERE event_key = '" + key + "'");
        assertThat(((Number) rows.get(0).get("n")).intValue()).isZero();
        clear(forced);
    }

    @Test
    void whileEventsWaitInTheJournalHealthSaysSoAndTheJournalIsReadableByItsOwnerOnly() throws Exception {
        env.proxy().cut();
        try {
            long before = env.cage().gateway.eventLog().journaledCount();
            presentAlicesCard();
            Await.until(Duration.ofSeconds(10), "grant journaled", () -> env.cage().gateway.eventLog().journaledCount() > before);
            JsonObject health = new JsonObject(env.cage().get("/api/health").body());
            assertThat(health.getString("status")).isEqualTo("degraded");
            assertThat(health.getJsonObject("eventLog").getLong("journaled")).as("says how much waits").isGreaterThanOrEqualTo(1L);
            Path journal = env.backends().dir().resolve("journal-" + env.cage().site);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rwx------");
            try (var files = Files.list(journal)) {
                for (Path f : files.toList()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
                }
            }
        } finally {
            env.proxy().restore();
        }
        Await.until(Duration.ofSeconds(15), "journal drained", () -> !env.cage().gateway.eventLog().journaling());
    }

    private static void forceTheDoor() throws InterruptedException {
        // a grant just before (another test's) releases the lock for a moment: opening then is a passage
        Await.until(Duration.ofSeconds(5), "door locked", () -> env.cage().door.isLocked());
        Thread.sleep(200);
        env.cage().door.open(); // no grant, no REX: forced
        Thread.sleep(300);
        env.cage().door.close();
    }

    private static String presentAlicesCard() {
        String id = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
        return id;
    }

    private static void clear(Map<String, Object> alarm) throws Exception {
        assertThat(post("/api/alarms/" + alarm.get("id") + "/clear", "{\"comment\":\"test done\"}").statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return env.cage().api.post(path, body);
    }
}
