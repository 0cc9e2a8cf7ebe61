package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A visit through the API against the running gateway: requested by a ticketing system's token,
 * approved by the desk (never by the requester or the host), checked in with the type of ID checked
 * and a badge that works only inside the visit's window and with the escort, refused right after
 * check-out; a visit not checked out by its end has its badge deactivated and raises an alarm; the
 * visitor log holds what PCI DSS 9.3.4 and NIST PE-8 ask for.
 */
class VisitWorkflowIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @Test
    void aVisitFromRequestToCheckOutHasABadgeThatWorksOnlyInsideItsWindowAndNotAfterCheckOut() throws Exception {
        ApiClient ticketing = ApiClient.token(gateway(), Role.FACILITIES);
        ApiClient desk = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        Instant start = Instant.now().plusSeconds(4);
        JsonObject requested = ticketing.json(ticketing.post("/api/visits", visit(start, start.plus(Duration.ofHours(1)))
                .put("visitorName", "Vera Visitor").put("organization", "Acme Cooling").encode()), 201);
        String id = requested.getString("id");
        assertThat(requested.getString("state")).isEqualTo("REQUESTED");
        assertThat(requested.getString("requestedBy")).isEqualTo(ticketing.actor);

        JsonObject approved = desk.json(desk.post("/api/visits/" + id + "/approve", "{\"comment\":\"host confirmed\"}"), 200);
        assertThat(approved.getString("state")).isEqualTo("APPROVED");
        assertThat(approved.getString("approvedBy")).isEqualTo(GrantWorkflowIT.actorOf(desk));

        JsonObject in = desk.json(desk.post("/api/visits/" + id + "/check-in", "{\"idDocumentType\":\"PASSPORT\",\"card\":\"18:50201\"}"), 200);
        assertThat(in.getString("state")).isEqualTo("CHECKED_IN");
        assertThat(in.getString("idDocumentType")).isEqualTo("PASSPORT");
        assertThat(in.getString("visitorCard")).isEqualTo("18:50201");
        awaitVersion(in.getLong("policyVersion"));
        assertThat(present(50201)).as("before the visit's window").contains("DENY");

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), start).toMillis() + 300));
        assertThat(present(50201)).as("inside the window, waiting for the escort").contains("PENDING");
        assertThat(present(40211)).as("the escort, Alice").contains("GRANT");
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'COMPANION_ADMITTED' AND person_id = '" + in.getString("visitorPersonId") + "'");

        JsonObject out = desk.json(desk.post("/api/visits/" + id + "/check-out", null), 200);
        long ms = awaitVersion(out.getLong("policyVersion"));
        System.out.println("[it] visitor badge deactivated " + ms + " ms after the check-out answer");
        assertThat(out.getString("state")).isEqualTo("CHECKED_OUT");
        assertThat(present(50201)).as("right after check-out").contains("DENY");

        Map<String, Object> badge = env.cage().query("SELECT status, visit_id, valid_until, issued_by FROM credentials WHERE card = '18:50201'").get(0);
        assertThat(badge).containsEntry("status", "EXPIRED").containsEntry("visit_id", id);
        assertThat(env.cage().query("SELECT from_status, to_status FROM credential_status_changes WHERE credential_id = 'c-" + id + "' ORDER BY id"))
                .extracting(r -> r.get("from_status") + ">" + r.get("to_status")).containsExactly("null>ACTIVE", "ACTIVE>EXPIRED");

        JsonObject log = desk.json(desk.get("/api/visits/log?from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
                + Instant.now().plusSeconds(60)), 200);
        JsonObject entry = log.getJsonArray("visits").stream().map(o -> (JsonObject) o).filter(o -> o.getString("visitId").equals(id))
                .findFirst().orElseThrow();
        assertThat(entry.getString("visitorName")).isEqualTo("Vera Visitor");
        assertThat(entry.getString("organization")).isEqualTo("Acme Cooling");
        assertThat(entry.getString("authorizedBy")).isEqualTo(approved.getString("approvedBy"));
        assertThat(entry.getString("authorizedByName")).startsWith("desk-");
        assertThat(entry.getString("idDocumentType")).isEqualTo("PASSPORT");
        assertThat(entry.getString("entryAt")).isNotNull();
        assertThat(entry.getString("exitAt")).isNotNull();
        assertThat(entry.getString("purpose")).isEqualTo("replace a CRAC filter");
        assertThat(entry.getString("hostPersonId")).isEqualTo("p-alice");
        assertThat(entry.getString("escortName")).isEqualTo("Alice");
        HttpResponse<String> csv = desk.get("/api/visits/log?format=csv&from=" + Instant.now().minus(Duration.ofHours(1)));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("visitId,visitorName,organization").contains(id + ",Vera Visitor,Acme Cooling");
    }

    @Test
    void neitherTheRequesterNorTheHostMayApproveAVisit() throws Exception {
        ApiClient both = ApiClient.user(gateway(), "both-" + tag(), null, Role.FACILITIES, Role.SECURITY_DESK);
        String id = both.json(both.post("/api/visits", visit(Instant.now(), Instant.now().plus(Duration.ofHours(2)))
                .put("visitorName", "Walt Visitor").encode()), 201).getString("id");
        HttpResponse<String> own = both.post("/api/visits/" + id + "/approve", "{\"comment\":\"mine\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        ApiClient host = ApiClient.user(gateway(), "alice-" + tag(), "p-alice", Role.SECURITY_DESK);
        HttpResponse<String> byHost = host.post("/api/visits/" + id + "/approve", "{\"comment\":\"my guest\"}");
        assertThat(byHost.statusCode()).as(byHost.body()).isEqualTo(403);
        assertThat(byHost.body()).contains("host");
        ApiClient desk = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        assertThat(desk.json(desk.get("/api/visits/" + id), 200).getString("state")).isEqualTo("REQUESTED");
        assertThat(desk.json(desk.post("/api/visits/" + id + "/deny", "{\"comment\":\"no escort that day\"}"), 200).getString("state"))
                .isEqualTo("DENIED");
        assertThat(desk.post("/api/visits/" + id + "/approve", "{\"comment\":\"changed my mind\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void aVisitNotCheckedOutByItsEndHasItsBadgeDeactivatedAndRaisesAnAlarm() throws Exception {
        ApiClient ticketing = ApiClient.token(gateway(), Role.FACILITIES);
        ApiClient desk = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        Instant end = Instant.now().plusSeconds(3);
        String id = ticketing.json(ticketing.post("/api/visits", visit(Instant.now().minusSeconds(60), end)
                .put("visitorName", "Xena Visitor").put("organization", "Late Ltd").encode()), 201).getString("id");
        desk.json(desk.post("/api/visits/" + id + "/approve", "{\"comment\":\"ok\"}"), 200);
        desk.json(desk.post("/api/visits/" + id + "/check-in", "{\"idDocumentType\":\"DRIVING_LICENCE\",\"card\":\"18:50202\"}"), 200);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis() + 200));
        var sweeper = env.cage().gateway.visitSweeper();
        sweeper.sweep(Instant.now()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        Map<String, Object> badge = env.cage().query("SELECT status, status_changed_by FROM credentials WHERE id = 'c-" + id + "'").get(0);
        assertThat(badge).containsEntry("status", "EXPIRED").containsEntry("status_changed_by", "system:visit-overdue");
        JsonObject v = desk.json(desk.get("/api/visits/" + id), 200);
        assertThat(v.getString("state")).isEqualTo("CHECKED_IN");
        assertThat(v.getString("overdueAt")).isNotNull();
        Map<String, Object> alarm = env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'VISIT_OVERDUE' AND alarm_key = 'visit:" + id
                + ":OVERDUE' AND state = 'ACTIVE'");
        assertThat((String) alarm.get("message")).contains(id).contains("18:50202").doesNotContain("Xena");
        awaitVersion(env.cage().gateway.policyStore().version().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(present(50202)).contains("DENY");
        assertThat(env.cage().query("SELECT reason FROM credential_status_changes WHERE credential_id = 'c-" + id + "' AND to_status = 'EXPIRED'"))
                .singleElement().satisfies(r -> assertThat((String) r.get("reason")).contains("without check-out"));

        assertThat(sweeper.sweep(Instant.now()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("a second sweep finds nothing more").isZero();
        assertThat(env.cage().query("SELECT count(*) AS n FROM alarms WHERE type = 'VISIT_OVERDUE' AND alarm_key = 'visit:" + id + ":OVERDUE'"))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));
        assertThat(desk.json(desk.post("/api/visits/" + id + "/check-out", null), 200).getString("state")).isEqualTo("CHECKED_OUT");
    }

    @Test
    void checkInRefusesWhatIsNotApprovedUnknownOrAlreadySomeoneElsesBadgeAndChangesNothing() throws Exception {
        ApiClient ticketing = ApiClient.token(gateway(), Role.FACILITIES);
        ApiClient desk = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        String id = ticketing.json(ticketing.post("/api/visits", visit(Instant.now(), Instant.now().plus(Duration.ofHours(2)))
                .put("visitorName", "Yann Visitor").encode()), 201).getString("id");
        String checkIn = "{\"idDocumentType\":\"NATIONAL_ID\",\"card\":\"18:50203\"}";
        assertThat(desk.post("/api/visits/" + id + "/check-in", checkIn).statusCode()).as("not approved yet").isEqualTo(409);
        desk.json(desk.post("/api/visits/" + id + "/approve", "{\"comment\":\"ok\"}"), 200);
        assertThat(desk.post("/api/visits/" + id + "/check-in", "{\"idDocumentType\":\"PASSPORT_NUMBER\",\"card\":\"18:1\"}").statusCode())
                .isEqualTo(400);
        assertThat(desk.post("/api/visits/" + id + "/check-in", "{\"idDocumentType\":\"PASSPORT\",\"card\":\"18:1\",\"documentNumber\":\"X1\"}")
                .statusCode()).as("no document number is taken").isEqualTo(400);
        assertThat(desk.post("/api/visits/" + id + "/check-in", "{\"idDocumentType\":\"PASSPORT\",\"card\":\"999:1\"}").statusCode())
                .as("facility out of range").isEqualTo(422);
        HttpResponse<String> taken = desk.post("/api/visits/" + id + "/check-in", "{\"idDocumentType\":\"PASSPORT\",\"card\":\"18:40211\"}");
        assertThat(taken.statusCode()).as("Alice's card").isEqualTo(409);
        assertThat(desk.json(desk.get("/api/visits/" + id), 200).getString("state")).isEqualTo("APPROVED");
        assertThat(desk.post("/api/visits/v-unknown/check-in", checkIn).statusCode()).isEqualTo(404);
        assertThat(ticketing.post("/api/visits/" + id + "/check-in", checkIn).statusCode()).as("not the desk").isEqualTo(403);
        assertThat(ticketing.post("/api/visits", visit(Instant.now(), Instant.now().plusSeconds(600)).put("visitorPersonId", "p-alice").encode())
                .statusCode()).as("an employee as visitor").isEqualTo(422);
        assertThat(ticketing.post("/api/visits", visit(Instant.now(), Instant.now().plusSeconds(600)).put("visitorPersonId", "p-x")
                .put("visitorName", "Both").encode()).statusCode()).isEqualTo(422);
        assertThat(ticketing.post("/api/visits", visit(Instant.now(), Instant.now().plus(Duration.ofDays(40))).put("visitorName", "Long")
                .encode()).statusCode()).isEqualTo(422);
        assertThat(ticketing.json(ticketing.post("/api/visits/" + id + "/cancel", "{\"reason\":\"postponed\"}"), 200).getString("state"))
                .isEqualTo("CANCELLED");
        assertThat(env.cage().query("SELECT count(*) AS n FROM credentials WHERE visit_id = '" + id + "'")).singleElement()
                .satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isZero());
    }

    static JsonObject visit(Instant from, Instant until) {
        return new JsonObject().put("hostPersonId", "p-alice").put("escortPersonId", "p-alice").put("purpose", "replace a CRAC filter")
                .put("zoneId", "cage").put("validFrom", from.toString()).put("validUntil", until.toString());
    }

    static long awaitVersion(long version) throws InterruptedException {
        return GrantWorkflowIT.inForce(env.cage().gateway, version, "policy version " + version + " in force within 1 s");
    }

    static Supplier<Gateway> gateway() {
        return () -> env.cage().gateway;
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Optional<String> present(int number) {
        String id = env.cage().reader.presentCard(Card.h10301(18, number), null);
        return env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result);
    }
}
