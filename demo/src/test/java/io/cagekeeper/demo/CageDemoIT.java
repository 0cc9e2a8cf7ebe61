package io.cagekeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's demo command, minus the terminal: starts with embedded PostgreSQL and Moquette,
 * serves grants and denials over the API within a minute, stops cleanly, and keeps its data for the
 * next start.
 */
class CageDemoIT {

    private final java.net.CookieManager cookies = new java.net.CookieManager();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).cookieHandler(cookies).build();

    @Test
    void startsServesGrantsAndDenialsStopsCleanlyAndKeepsItsData() throws Exception {
        Path data = Files.createTempDirectory("cagekeeper-demo-it");
        Map<String, String> overrides = Map.of("http.port", "0",
                "db.dataDir", data.resolve("postgres").toString(),
                "journal.dir", data.resolve("journal").toString());
        int port;
        long eventsBefore;
        long seededVersion;
        try (CageDemo demo = CageDemo.start(overrides, Map.of())) {
            port = demo.httpPort();
            assertThat(get(port, "/api/events?limit=1").statusCode()).as("the API wants a login").isEqualTo(401);
            login(port, "auditor", demo.password("auditor"));
            JsonArray events = awaitEvents(port, "ACCESS_GRANTED", "ACCESS_DENIED", "DOOR_OPENED", "DOOR_CLOSED");
            assertThat(events).isNotEmpty();
            JsonObject health = new JsonObject(get(port, "/api/health").body());
            assertThat(health.getString("status")).isEqualTo("up");
            assertThat(get(port, "/").body()).contains("Cagekeeper");
            eventsBefore = events.getJsonObject(0).getLong("id");
            seededVersion = health.getLong("policyVersion");
        }
        try {
            get(port, "/api/health");
            throw new AssertionError("the API still answers after the demo stopped");
        } catch (ConnectException expected) {
            // stopped
        }
        try (CageDemo again = CageDemo.start(overrides, Map.of())) {
            login(again.httpPort(), "auditor", again.password("auditor"));
            JsonArray events = new JsonObject(get(again.httpPort(), "/api/events?limit=1000").body()).getJsonArray("events");
            assertThat(events.stream().map(o -> ((JsonObject) o).getLong("id"))).contains(eventsBefore);
            assertThat(new JsonObject(get(again.httpPort(), "/api/health").body()).getLong("policyVersion"))
                    .as("the second start kept the seeded policy (no second seed)").isEqualTo(seededVersion);
        }
    }

    private JsonArray awaitEvents(int port, String... types) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonArray events = new JsonObject(get(port, "/api/events?limit=1000").body()).getJsonArray("events");
            boolean all = true;
            for (String t : types) {
                all &= events.stream().anyMatch(o -> t.equals(((JsonObject) o).getString("type")));
            }
            if (all) {
                return events;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the demo did not show " + String.join(", ", types) + " within 60 s");
    }

    /** Logs in as the demo user (the session cookie lands in the client's cookie jar). */
    private void login(int port, String login, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("login", login).put("password", password).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
