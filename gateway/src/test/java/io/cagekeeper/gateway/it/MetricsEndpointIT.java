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
