package io.cagekeeper.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admission limit on a real Vert.x HTTP server (ephemeral port) behind the shared guard: requests
 * beyond the limit are shed at once with 503 and Retry-After, before their handler runs; a slot frees
 * when a response ends and when a client goes away mid-request; console files are never counted.
 */
class AdmissionTest {

    private Vertx vertx;
    private HttpServer server;
    private final Admission admission = new Admission(2);
    private final List<Promise<Void>> held = new CopyOnWriteArrayList<>();
    private int handled;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router r = Router.router(vertx);
        ApiLayer.guard(r, Set.of(), admission);
        r.get("/api/slow").handler(ctx -> {
            handled++;
            Promise<Void> p = Promise.promise();
            held.add(p);
            p.future().onComplete(v -> ApiErrors.json(ctx, 200, new io.vertx.core.json.JsonObject().put("ok", true)));
        });
        r.get("/console.js").handler(ctx -> ctx.response().end("console"));
        ApiLayer.errors(r);
        server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitHeld(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(held).hasSize(n);
    }

    @Test
    void aRequestBeyondTheLimitIsShedWith503AndRetryAfterWithoutReachingItsHandler() throws Exception {
        var first = get("/api/slow");
        var second = get("/api/slow");
        awaitHeld(2);
        HttpResponse<String> third = get("/api/slow").get(10, TimeUnit.SECONDS);
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("retry-after")).hasValue("1");
        assertThat(third.body()).contains("\"error\"").contains("busy");
        assertThat(handled).isEqualTo(2);
        assertThat(admission.shed()).isEqualTo(1);
        assertThat(get("/console.js").get(10, TimeUnit.SECONDS).statusCode()).as("static files are not counted").isEqualTo(200);

        held.forEach(p -> vertx.runOnContext(v -> p.tryComplete()));
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        awaitInFlight(0);
        held.clear();
        var again = get("/api/slow");
        awaitHeld(1);
        held.forEach(p -> vertx.runOnContext(v -> p.tryComplete()));
        assertThat(again.get(10, TimeUnit.SECONDS).statusCode()).as("slots free again once answered").isEqualTo(200);
    }

    @Test
    void aClientThatGoesAwayMidRequestGivesItsSlotBack() throws Exception {
        List<java.net.Socket> sockets = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            java.net.Socket s = new java.net.Socket("127.0.0.1", server.actualPort());
            s.getOutputStream().write("GET /api/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            sockets.add(s);
        }
        awaitHeld(2);
        assertThat(admission.inFlight()).isEqualTo(2);
        assertThat(get("/api/slow").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        for (java.net.Socket s : sockets) {
            s.close();
        }
        awaitInFlight(0);
    }

    private void awaitInFlight(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (admission.inFlight() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(admission.inFlight()).isEqualTo(n);
    }
}
