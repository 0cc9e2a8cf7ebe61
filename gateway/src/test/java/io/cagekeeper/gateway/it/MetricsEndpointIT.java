package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitoring listener of a running cage ({@code metrics.port}, {@code metrics.token}): Prometheus
 * metrics behind the bearer token, with the gateway's counters by label, its status gauges and the
 * JVM's; liveness and readiness without one.
 */
class MetricsEndpointIT {

    private static final String TOKEN = "scrape-token-0123456789";
    private static final int PORT = Backends.freePort();

    @RegisterExtension
    static final CageExtension env = new CageExtension(Map.of("metrics.port", Integer.toString(PORT), "metrics.token", TOKEN));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theListenerIsTheConfiguredPortApartFromTheApi() {
        assertThat(env.cage().gateway.monitoringPort()).isEqualTo(PORT);
    }

    @Test
    void metricsAskForTheBearerToken() throws Exception {
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", null).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(get("/metrics", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void metricsAreInThePrometheusFormatWithTheJvmAndTheGatewaysStatus() throws Exception {
        HttpResponse<String> r = get("/metrics", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("# TYPE jvm_memory_used_bytes gauge", "jvm_threads_live_threads", "process_uptime_seconds")
                .containsPattern("(?m)^cagekeeper_policy_loaded 1\\.0$")
                .containsPattern("(?m)^cagekeeper_ready 1\\.0$")
                .containsPattern("(?m)^cagekeeper_journal_events 0\\.0$")
                .containsPattern("(?m)^cagekeeper_mqtt_connected 1\\.0$")
                .containsPattern("(?m)^cagekeeper_policy_version [1-9][0-9]*\\.0$")
                .containsPattern("(?m)^cagekeeper_mqtt_connects_total [1-9]");
    }

    @Test
    void decisionsAreCountedByResultAndTimedAsHistograms() throws Exception {
        var reader = env.cage().reader;
        String granted = reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(reader.awaitIndication(granted, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
        String denied = reader.presentCard(Card.h10301(18, 40213), null);
        assertThat(reader.awaitIndication(denied, Duration.ofSeconds(5)).map(Indication::result)).contains("DENY");
        // the door's release and the events' storing are reported after the indications: scrape until they are in
        String[] body = new String[1];
        Await.until(Duration.ofSeconds(10), "the release and the stored events counted", () -> {
            body[0] = get("/metrics", "Bearer " + TOKEN).body();
            return body[0].contains("cagekeeper_events_total{type=\"DOOR_RELEASED\"}")
                    && body[0].matches("(?s).*\ncagekeeper_decision_recorded_seconds_count [2-9].*");
        });
        assertThat(body[0]).containsPattern("(?m)^cagekeeper_decisions_total\\{result=\"grant\"} [1-9][0-9]*\\.0$")
                .containsPattern("(?m)^cagekeeper_decisions_total\\{result=\"deny\"} [1-9][0-9]*\\.0$")
                .containsPattern("(?m)^cagekeeper_events_total\\{type=\"DOOR_RELEASED\"} [1-9]")
                .doesNotContain("rejected_total_total")
                .containsPattern("(?m)^cagekeeper_decision_seconds_count [1-9]")
                .containsPattern("(?m)^cagekeeper_decision_seconds_bucket\\{le=\"0\\.0[0-9]+\"} ")
                .containsPattern("(?m)^cagekeeper_decision_recorded_seconds_count [1-9]");
    }

    @Test
    void brokerAndModuleRoundTripsEventLagPolicyReloadsAndOpenAlarmsAreMeasuredWithSaneValues() throws Exception {
        var cage = env.cage();
        String granted = cage.reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(cage.reader.awaitIndication(granted, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
        Thread.sleep(1_500); // the grant's release (700 ms) over and the lock read back
        cage.door.open(); // no grant in force, no REX: forced
        Thread.sleep(200);
        cage.door.close();
        cage.awaitRow("SELECT id FROM alarms WHERE type = 'DOOR_FORCED_OPEN' AND state <> 'CLEARED'");
        String[] body = new String[1];
        Await.until(Duration.ofSeconds(10), "round trips timed", () -> {
            body[0] = get("/metrics", "Bearer " + TOKEN).body();
            return value(body[0], "cagekeeper_decision_acknowledged_seconds_count") >= 1
                    && value(body[0], "cagekeeper_modbus_transaction_seconds_count{module=\"m1\",operation=\"write\"}") >= 1;
        });
        for (String timer : new String[] {"cagekeeper_mqtt_publish_seconds", "cagekeeper_mqtt_ack_seconds",
                "cagekeeper_modbus_transaction_seconds{module=\"m1\",operation=\"poll\"}",
                "cagekeeper_modbus_transaction_seconds{module=\"m1\",operation=\"write\"}",
                "cagekeeper_events_store_seconds", "cagekeeper_decision_engine_seconds", "cagekeeper_decision_acknowledged_seconds",
                "cagekeeper_policy_reload_seconds{kind=\"full\"}"}) {
            double count = value(body[0], family(timer, "_count"));
            double sum = value(body[0], family(timer, "_sum"));
            assertThat(count).as(timer + " count").isGreaterThanOrEqualTo(1);
            assertThat(sum / count).as(timer + " mean, seconds").isGreaterThan(0).isLessThan(10);
        }
        assertThat(value(body[0], "cagekeeper_decision_engine_seconds_max")).as("one evaluation, seconds").isLessThan(0.5);
        assertThat(value(body[0], "cagekeeper_modbus_transaction_seconds_count{module=\"m1\",operation=\"poll\"}"))
                .as("polled every 50 ms since the start").isGreaterThan(10);
        assertThat(body[0]).containsPattern("(?m)^cagekeeper_policy_reload_seconds_count\\{kind=\"patch\"} ")
                .containsPattern("(?m)^cagekeeper_events_pending [0-9]")
                .containsPattern("(?m)^cagekeeper_modbus_transaction_seconds_bucket\\{module=\"m1\",operation=\"poll\",le=\"[0-9.E-]+\"} ");

        // the gauges are counted at the scrape: they match the table read just before and just after it
        Await.until(Duration.ofSeconds(10), "open alarms by severity as in the table", () -> {
            Map<String, Long> before = openAlarms(cage);
            String scraped = get("/metrics", "Bearer " + TOKEN).body();
            Map<String, Long> after = openAlarms(cage);
            if (!before.equals(after)) {
                return false; // an alarm raised or cleared meanwhile: look again
            }
            for (String severity : new String[] {"CRITICAL", "MAJOR", "MINOR", "WARNING"}) {
                assertThat(value(scraped, "cagekeeper_alarms_open{severity=\"" + severity.toLowerCase() + "\"}"))
                        .as(severity).isEqualTo((double) before.getOrDefault(severity, 0L));
            }
            return true;
        });
        assertThat(openAlarms(cage).get("CRITICAL")).as("the forced door").isGreaterThanOrEqualTo(1);
    }

    /** {@code name{labels}} with a suffix on the name: {@code a{b="c"}} and {@code _count} give {@code a_count{b="c"}}. */
    private static String family(String timer, String suffix) {
        int brace = timer.indexOf('{');
        return brace < 0 ? timer + suffix : timer.substring(0, brace) + suffix + timer.substring(brace);
    }

    /** The value of one sample line of a scrape ({@code name} with its labels as printed); fails when absent. */
    private static double value(String scrape, String sample) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + sample + " in the scrape");
    }

    private static Map<String, Long> openAlarms(TestCage cage) throws Exception {
        Map<String, Long> open = new java.util.HashMap<>();
        for (var row : cage.query("SELECT severity, count(*) AS n FROM alarms WHERE state <> 'CLEARED' GROUP BY severity")) {
            open.put((String) row.get("severity"), ((Number) row.get("n")).longValue());
        }
        return open;
    }

    @Test
    void livenessAndReadinessNeedNoToken() throws Exception {
        HttpResponse<String> live = get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"live\"");
        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"", "\"policyLoaded\":true", "\"journaled\":0");
    }

    @Test
    void theApiDoesNotServeThem() throws Exception {
        int api = env.cage().gateway.httpPort();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).doesNotContain("jvm_memory_used_bytes", "cagekeeper_decisions_total");
    }
}
