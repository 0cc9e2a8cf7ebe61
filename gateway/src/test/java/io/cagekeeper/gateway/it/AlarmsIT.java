package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Door and device faults become persisted alarms that the security desk acknowledges and clears. */
class AlarmsIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aForcedDoorRaisesAnAlarmTheDeskAcknowledgesAndClearsWithTheirName() throws Exception {
        env.cage().door.open(); // no grant, no REX: forced
        Thread.sleep(200);
        env.cage().door.close();
        var alarm = env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'DOOR_FORCED_OPEN' AND state = 'ACTIVE'");
        assertThat(alarm.get("severity")).isEqualTo("CRITICAL");
        long id = ((Number) alarm.get("id")).longValue();

        JsonArray active = new JsonObject(get("/api/alarms?state=active").body()).getJsonArray("alarms");
        assertThat(active.stream().map(o -> ((JsonObject) o).getLong("id"))).contains(id);
        JsonArray critical = new JsonObject(get("/api/alarms?state=open&severity=critical&type=DOOR_FORCED_OPEN").body())
                .getJsonArray("alarms");
        assertThat(critical.stream().map(o -> ((JsonObject) o).getLong("id"))).contains(id);
        assertThat(new JsonObject(get("/api/alarms?severity=minor&type=DOOR_FORCED_OPEN").body()).getJsonArray("alarms")).isEmpty();
        assertThat(new JsonObject(get("/api/alarms?before=" + id + "&type=DOOR_FORCED_OPEN").body()).getJsonArray("alarms").stream()
                .map(o -> ((JsonObject) o).getLong("id"))).as("keyset: only older alarms").allMatch(x -> x < id);
        assertThat(get("/api/alarms?from=yesterday").statusCode()).isEqualTo(400);

        assertThat(post("/api/alarms/" + id + "/acknowledge", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/api/alarms/" + id + "/acknowledge", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/alarms/" + id + "/acknowledge", "{\"comment\":\"guard sent\"}").statusCode())
                .isEqualTo(200);
        assertThat(post("/api/alarms/" + id + "/acknowledge", "{\"comment\":\"again\"}").statusCode())
                .as("an acknowledged alarm cannot be acknowledged twice").isEqualTo(409);
        assertThat(post("/api/alarms/" + id + "/clear", "{\"comment\":\"door checked\"}").statusCode())
                .isEqualTo(200);
        var row = env.cage().query("SELECT * FROM alarms WHERE id = " + id).get(0);
        assertThat(row.get("state")).isEqualTo("CLEARED");
        assertThat(row.get("acknowledged_by")).isEqualTo(env.cage().api.actor);
        assertThat(row.get("ack_comment")).isEqualTo("guard sent");
        assertThat(row.get("clear_comment")).isEqualTo("door checked");
    }

    @Test
    void anUnreachableModuleRaisesAnAlarmThatClearsWhenItAnswersAgain() throws Exception {
        env.cage().module.setUnreachable(true);
        var alarm = env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'MODULE_OFFLINE' AND state = 'ACTIVE'");
        env.cage().module.setUnreachable(false);
        Await.until(Duration.ofSeconds(15), "module alarm cleared", () ->
                "CLEARED".equals(env.cage().query("SELECT state FROM alarms WHERE id = " + alarm.get("id")).get(0).get("state")));
        Await.until(Duration.ofSeconds(10), "module online", () -> env.cage().gateway.modules().get("m1").online());
    }

    @Test
    void aBurstOfRejectedMessagesFromOneReaderRaisesOneAlarm() throws Exception {
        for (int i = 0; i < 15; i++) {
            env.cage().reader.publishRawSigned("credential", "{\"v\":1,\"junk\":" + i + "}");
        }
        var alarm = env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'READER_REJECT_BURST' AND source = 'reader:r1-in'");
        assertThat(alarm.get("state")).isEqualTo("ACTIVE");
        // the alarm is raised at the threshold (the 11th); the last of the 15 may still be on its way
        Await.until(Duration.ofSeconds(5), "all 15 rejects counted",
                () -> env.cage().gateway.metrics().get("rejected.UNKNOWN_MEMBER") >= 15);
    }

    @Test
    void rejectsBadAlarmRequestsWithoutAStackTrace() throws Exception {
        HttpResponse<String> r = post("/api/alarms/abc/clear", "{\"comment\":\"y\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("Exception");
        assertThat(get("/api/alarms?state=bogus").statusCode()).isEqualTo(400);
        assertThat(post("/api/alarms/999999/clear", "{\"comment\":\"y\"}").statusCode()).as("unknown alarm").isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return env.cage().api.get(path);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return env.cage().api.post(path, body);
    }
}
