package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.sim.reader.Card;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live feed's stream ({@code GET /api/events/stream}) against a running gateway: a console that
 * reconnects with Last-Event-ID gets every decision it missed, once and in order (from the feed's ring, and
 * after a gateway restart from the database); the stream is refused without credentials and to a token
 * without a role that reads events; a page on another origin cannot read it with the desk's cookies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventStreamIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    private static final String DECISIONS = "/api/events/stream?follow=true&type=ACCESS_GRANTED,ACCESS_DENIED";

    private static int port() {
        return env.cage().gateway.httpPort();
    }

    private static String token(Role... roles) throws Exception {
        Gateway g = env.cage().gateway;
        return g.tokens().issue(g.pool(), "sse-" + UUID.randomUUID().toString().substring(0, 6), EnumSet.of(roles[0], roles), "system:it", null)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).token();
    }

    private static void badge(int number) {
        String id = env.cage().reader.presentCard(Card.h10301(18, number), null);
        assertThat(env.cage().reader.awaitIndication(id, Duration.ofSeconds(5))).as("indication for card %s", number).isPresent();
    }

    /** Reads events until {@code n} events of type "event" came (null on timeout), answering them. */
    private static List<SseClient.Event> read(SseClient c, int n) throws Exception {
        List<SseClient.Event> out = new ArrayList<>();
        while (out.size() < n) {
            SseClient.Event e = c.next(Duration.ofSeconds(10));
            assertThat(e).as("event %d of %d", out.size() + 1, n).isNotNull().isNotEqualTo(SseClient.END);
            if (e.type().equals("event")) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Long> storedDecisionIdsAfter(long id) throws Exception {
        return env.cage().query("SELECT id FROM events WHERE type IN ('ACCESS_GRANTED', 'ACCESS_DENIED') AND id > " + id + " ORDER BY id")
                .stream().map(r -> ((Number) r.get("id")).longValue()).toList();
    }

    @Test
    @Order(1)
    void aConsoleReconnectingWithLastEventIdGetsEveryMissedEventOnceAndInOrder() throws Exception {
        String desk = token(Role.SECURITY_DESK);
        long cursor;
        List<Long> received = new ArrayList<>();
        try (SseClient first = SseClient.open(port(), DECISIONS, desk, null)) {
            assertThat(first.status).isEqualTo(200);
            SseClient.Event hello = first.next(Duration.ofSeconds(10));
            assertThat(hello.type()).isEqualTo("hello");
            cursor = Long.parseLong(hello.id());
            badge(40211);
            badge(40213);
            badge(40211);
            for (SseClient.Event e : read(first, 2)) {
                received.add(Long.parseLong(e.id()));
                JsonObject data = new JsonObject(e.data());
                assertThat(data.getLong("id")).isEqualTo(Long.parseLong(e.id()));
                assertThat(data.getString("card")).as("the desk sees the card masked").startsWith("****");
                assertThat(data.getString("sentence")).doesNotContain("40211").doesNotContain("40213");
            }
        }
        // while the console is away
        badge(40213);
        badge(40211);
        env.cage().awaitRow("SELECT 1 FROM events WHERE type IN ('ACCESS_GRANTED', 'ACCESS_DENIED') AND id > " + cursor
                + " HAVING count(*) >= 5");
        List<Long> stored = storedDecisionIdsAfter(cursor);
        assertThat(stored).hasSize(5);
        try (SseClient again = SseClient.open(port(), DECISIONS, desk, Long.toString(received.get(received.size() - 1)))) {
            assertThat(again.next(Duration.ofSeconds(10)).type()).isEqualTo("hello");
            for (SseClient.Event e : read(again, 3)) {
                received.add(Long.parseLong(e.id()));
            }
            SseClient.Event extra = again.next(Duration.ofMillis(500));
            assertThat(extra == null || !extra.type().equals("event")).as("nothing after the five: %s", extra).isTrue();
        }
        assertThat(received).as("every decision once, in the order stored").containsExactlyElementsOf(stored);
    }

    @Test
    @Order(2)
    void theStreamIsRefusedWithoutCredentialsAndToATokenWithoutARoleThatReadsEvents() throws Exception {
        try (SseClient anonymous = SseClient.open(port(), DECISIONS, null, null)) {
            assertThat(anonymous.status).isEqualTo(401);
            assertThat(new JsonObject(anonymous.body).getString("error")).isNotBlank();
        }
        try (SseClient admin = SseClient.open(port(), DECISIONS, token(Role.ADMIN), null)) {
            assertThat(admin.status).isEqualTo(403);
            assertThat(admin.body).doesNotContain("ACCESS_GRANTED");
        }
        try (SseClient forged = SseClient.open(port(), DECISIONS, "ckt_" + UUID.randomUUID(), null)) {
            assertThat(forged.status).isEqualTo(401);
        }
        try (SseClient bad = SseClient.open(port(), DECISIONS, token(Role.AUDITOR), "1 OR 1=1")) {
            assertThat(bad.status).isEqualTo(400);
        }
    }

    @Test
    @Order(3)
    void aPageOnAnotherOriginCannotReadTheStreamWithTheDesksCookies() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "chromium and chromium-driver not installed");
        Vertx vertx = Vertx.vertx();
        String target = "http://127.0.0.1:" + port() + "/api/events/stream?follow=false";
        String script = """
                const results = [];
                const done = r => { results.push(r); document.title = results.join(' '); };
                fetch('%1$s', { credentials: 'include' }).then(r => r.text()).then(t => done('read:fetch:' + t.length)).catch(() => done('blocked:fetch'));
                const es = new EventSource('%1$s', { withCredentials: true });
                es.addEventListener('hello', () => done('read:es'));
                es.onmessage = () => done('read:es');
                es.onerror = () => { es.close(); done('blocked:es'); };
                """.formatted(target);
        var server = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/evil.js")) {
                req.response().putHeader("content-type", "text/javascript").end(script);
            } else {
                req.response().putHeader("content-type", "text/html").end("<!doctype html><title>evil</title><script src=\"/evil.js\"></script>");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (ConsoleBrowser b = new ConsoleBrowser(port())) {
            ConsoleIT.logInAs(b, env.cage().gateway, "desk", Role.SECURITY_DESK);
            b.driver.get("http://127.0.0.1:" + server.actualPort() + "/");
            b.waitUpTo(Duration.ofSeconds(15)).until(d -> d.getTitle().contains("fetch") && d.getTitle().contains(":es"));
            assertThat(b.driver.getTitle()).contains("blocked:fetch").contains("blocked:es").doesNotContain("read:");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(4)
    void afterAGatewayRestartAResumeComesFromTheDatabaseInOrder() throws Exception {
        long before = storedDecisionIdsAfter(0).get(0);
        List<Long> stored = storedDecisionIdsAfter(before);
        assertThat(stored).isNotEmpty();
        env.cage().restartGateway();
        String auditor = token(Role.AUDITOR);
        List<Long> received = new ArrayList<>();
        try (SseClient c = SseClient.open(port(), "/api/events/stream?follow=false&type=ACCESS_GRANTED,ACCESS_DENIED", auditor, Long.toString(before))) {
            assertThat(c.status).isEqualTo(200);
            for (SseClient.Event e = c.next(Duration.ofSeconds(10)); e != null && e != SseClient.END; e = c.next(Duration.ofSeconds(10))) {
                if (e.type().equals("event")) {
                    received.add(Long.parseLong(e.id()));
                    assertThat(new JsonObject(e.data()).getString("card")).as("the auditor sees whole card numbers").contains(":");
                }
            }
        }
        assertThat(received).containsExactlyElementsOf(stored);
    }
}
