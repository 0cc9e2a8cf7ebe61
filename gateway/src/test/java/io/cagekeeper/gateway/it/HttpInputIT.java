package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input on the HTTP port, sent to the running gateway: text PostgreSQL cannot store, ambiguous
 * JSON, unknown targets, oversized requests, cross-site writes. Each is refused with the documented
 * JSON error and leaves no event behind; every response carries the security headers.
 */
class HttpInputIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aReasonWithANulIsRefusedAndTheEventLogKeepsGoing() throws Exception {
        assertError(post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"x\\u0000y\"}"), 400, "NUL");
        assertError(post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"x\\ud800y\"}"), 400, "lone surrogate");
        assertError(post("/api/alarms/1/acknowledge", "{\"comment\":\"a\\u0000\"}"), 400, "NUL");
        assertError(post("/api/persons/p-alice/forgive", "{\"reason\":\"x\\udfff\"}"), 400, "lone surrogate");
        assertThat(env.cage().gateway.eventLog().journaling()).isFalse();
        assertThat(env.cage().query("SELECT count(*) AS n FROM events WHERE type IN ('THREAT_LEVEL_CHANGED', 'APB_FORGIVEN')")
                .get(0).get("n")).isEqualTo(0L);
        assertThat(post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"desk:jo\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void ambiguousOrMalformedBodiesAreRefused() throws Exception {
        assertError(post("/api/threat-level", "{\"level\":\"LOCKDOWN\",\"reason\":\"a\",\"level\":\"NORMAL\"}"), 400, "duplicate member");
        assertError(post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"a\",\"admin\":true}"), 400, "does not take");
        assertError(post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"a\"} {}"), 400, "nothing after it");
        assertError(send("POST", "/api/threat-level", "application/json",
                new byte[] {'{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}), 400, "UTF-8");
        assertError(send("POST", "/api/threat-level", "text/plain", "{\"level\":\"NORMAL\",\"reason\":\"a\"}".getBytes(StandardCharsets.UTF_8)),
                415, "application/json");
        assertError(post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"" + "a".repeat(5000) + "\"}"), 413, "too large");
    }

    @Test
    void aPinResetOrAlarmActionOnSomethingUnknownIsA404AndRecordsNothing() throws Exception {
        assertError(post("/api/credentials/c-nobody/reset-pin", "{\"reason\":\"desk:jo\"}"), 404, "no such credential");
        assertThat(env.cage().query("SELECT count(*) AS n FROM events WHERE type = 'PIN_FAILURES_RESET'").get(0).get("n")).isEqualTo(0L);
        assertThat(post("/api/credentials/c-alice/reset-pin", "{\"reason\":\"desk:jo\"}").statusCode()).isEqualTo(200);
        assertError(post("/api/alarms/987654/acknowledge", "{\"comment\":\"c\"}"), 404, "no such alarm");
        assertError(post("/api/alarms/987654/clear", "{\"comment\":\"c\"}"), 404, "no such alarm");
    }

    @Test
    void pathAndQueryParametersWithANulOrAnEncodedSurrogateAreRefused() throws Exception {
        assertError(post("/api/persons/x%00y/forgive", "{\"reason\":\"desk:jo\"}"), 400, "NUL");
        assertError(get("/api/events?door=x%00y"), 400, "NUL");
        assertError(get("/api/events?door=%ED%A0%80"), 400, "UTF-8");
        assertError(get("/api/events/%ED%A0%80/replay"), 400, "UTF-8");
        assertError(get("/api/events?limit=1&limit=1000"), 400, "more than once");
        assertThat(get("/api/events?limit=5").statusCode()).isEqualTo(200);
    }

    @Test
    void everyRouterAndCodecErrorIsTheDocumentedJsonError() throws Exception {
        assertError(get("/api/nothing-here"), 404, "no such resource");
        assertError(send("POST", "/api/health", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), 405, "method not allowed");
        assertError(get("/api/events/abc/replay"), 400, "is invalid");
        Raw tooLong = raw("GET /api/events?door=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(tooLong.status).isEqualTo(414);
        assertThat(new JsonObject(tooLong.body).getString("error")).isEqualTo("request line too long");
        assertThat(tooLong.headers).contains("content-security-policy");
        Raw bigHeaders = raw("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(bigHeaders.status).isEqualTo(431);
        assertThat(new JsonObject(bigHeaders.body).getString("error")).isEqualTo("request headers too large");
    }

    @Test
    void aCrossSiteWriteIsRefused() throws Exception {
        HttpResponse<String> r = HTTP.send(request("/api/threat-level").header("content-type", "application/json")
                .header("origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("{\"level\":\"NORMAL\",\"reason\":\"a\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertError(r, 403, "cross-origin");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/console.js", "/console.css", "/api/health", "/api/nothing-here", "/api/events?limit=0")) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("content-security-policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("frame-ancestors 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline"));
            assertThat(r.headers().firstValue("x-frame-options")).as(path).contains("DENY");
            assertThat(r.headers().firstValue("x-content-type-options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("referrer-policy")).as(path).contains("no-referrer");
        }
        String page = get("/").body();
        assertThat(page).doesNotContain("<script>").doesNotContain("<style>").doesNotContain(" style=").doesNotContain(" onclick=");
        assertThat(get("/console.js").headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    }

    private static void assertError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonObject body = new JsonObject(r.body());
        assertThat(body.fieldNames()).containsExactly("error");
        assertThat(body.getString("error")).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.headers().firstValue("content-security-policy")).isPresent();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.cage().gateway.httpPort() + path)).timeout(Duration.ofSeconds(10))
                .header("authorization", "Bearer " + env.cage().api.bearer());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String type, byte[] body) throws Exception {
        return HTTP.send(request(path).header("content-type", type).method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private record Raw(int status, String headers, String body) {
    }

    /** A request written byte for byte (a client library would refuse to send these). */
    private static Raw raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", env.cage().gateway.httpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split).toLowerCase();
            return new Raw(Integer.parseInt(text.substring(9, 12)), head, text.substring(split + 4));
        }
    }
}
