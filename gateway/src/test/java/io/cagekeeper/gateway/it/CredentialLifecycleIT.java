package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Persons and badges managed through the API of the running gateway, checked at the reader: an
 * enrolled badge opens the door, a suspended, revoked or re-issued one is refused, a termination
 * (by facilities or by the HR feed's token) revokes every badge at once, and a reinstatement needs a
 * second person. Each test makes its own person and cards, so they hold in any order.
 */
class CredentialLifecycleIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    private static final AtomicInteger NEXT_CARD = new AtomicInteger(41_000);
    private static ApiClient facilities;
    private static ApiClient secondFacilities;
    private static String facOne;
    private static String facTwo;

    @BeforeAll
    static void users() throws Exception {
        facilities = ApiClient.user(() -> env.cage().gateway, "fac-one", null, Role.FACILITIES);
        secondFacilities = ApiClient.user(() -> env.cage().gateway, "fac-two", null, Role.FACILITIES);
        facOne = actorOf("fac-one");
        facTwo = actorOf("fac-two");
    }

    private static String actorOf(String login) throws Exception {
        return "user:" + env.cage().query("SELECT id FROM users WHERE login = '" + login + "'").get(0).get("id");
    }

    /** A person created through the API, granted the cage door (as an approved grant would), with one enrolled badge. */
    private record Holder(String personId, String credentialId, int card) {
    }

    private static Holder holder(String name, JsonObject extra) throws Exception {
        JsonObject p = facilities.json(facilities.post("/api/persons", new JsonObject().put("name", name).put("type", "EMPLOYEE")
                .mergeIn(extra).encode()), 201);
        String personId = p.getString("id");
        env.cage().change(List.of(PolicyStore.upsertGrant(new Grant("g-" + personId, personId, "cage",
                Instant.now().minus(Duration.ofHours(1)), null, "desk"))));
        int card = NEXT_CARD.incrementAndGet();
        JsonObject c = facilities.json(facilities.post("/api/credentials", new JsonObject().put("personId", personId)
                .put("format", "H10301").put("facility", 18).put("number", card).encode()), 201);
        return new Holder(personId, c.getString("id"), card);
    }

    private static String present(int card) {
        String id = env.cage().reader.presentCard(Card.h10301(18, card), null);
        return env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result).orElse("no answer");
    }

    private static long version() {
        return env.cage().gateway.policy().current().version();
    }

    /** Waits (≤ 5 s) for the policy after {@code before} to be in force, badges, and answers how long after {@code answeredAt} the reader had its answer. */
    private static long badgeAfterChange(long before, long answeredAt, int card, String expected) {
        Await.until(Duration.ofSeconds(5), "the change in force at the gateway", () -> version() > before);
        assertThat(present(card)).isEqualTo(expected);
        return (System.nanoTime() - answeredAt) / 1_000_000;
    }

    private static HttpResponse<String> act(ApiClient c, String credentialId, String action, String reason) throws Exception {
        return c.post("/api/credentials/" + credentialId + "/" + action, new JsonObject().put("reason", reason).encode());
    }

    private static List<Map<String, Object>> history(String credentialId) throws Exception {
        return env.cage().query("SELECT from_status, to_status, actor, reason, approval_id FROM credential_status_changes"
                + " WHERE credential_id = '" + credentialId + "' ORDER BY id");
    }

    @Test
    void anEnrolledBadgeOpensTheDoorAndThePersonShowsItsBadgesAndGrants() throws Exception {
        Holder h = holder("Ena Enrolled", new JsonObject().put("organization", "Acme Cooling"));
        Await.until(Duration.ofSeconds(5), "the badge known at the gateway", () -> "GRANT".equals(present(h.card())));
        JsonObject person = facilities.json(facilities.get("/api/persons/" + h.personId()), 200);
        assertThat(person.getJsonArray("credentials")).hasSize(1);
        assertThat(person.getJsonArray("credentials").getJsonObject(0).getString("card")).isEqualTo("18:" + h.card());
        assertThat(person.getJsonArray("credentials").getJsonObject(0).getString("issuedBy")).isEqualTo(facOne);
        assertThat(person.getJsonArray("grants").getJsonObject(0).getString("accessLevelId")).isEqualTo("cage");
        assertThat(history(h.credentialId())).singleElement().satisfies(r -> {
            assertThat(r.get("from_status")).isNull();
            assertThat(r.get("to_status")).isEqualTo("ACTIVE");
            assertThat(r.get("reason")).isEqualTo("enrolled");
        });
    }

    @Test
    void personsAreFoundByNameOrganizationAndCardPageByPage() throws Exception {
        Holder a = holder("Sam Searchable", new JsonObject().put("organization", "Zeta_Cooling"));
        holder("Sam Searchable-Two", new JsonObject().put("organization", "ZetaXCooling"));
        JsonObject byCard = facilities.json(facilities.get("/api/persons?card=18:" + a.card()), 200);
        assertThat(byCard.getJsonArray("persons")).singleElement().satisfies(p -> assertThat(((JsonObject) p).getString("id"))
                .isEqualTo(a.personId()));
        JsonObject first = facilities.json(facilities.get("/api/persons?name=sam%20searchable&limit=1"), 200);
        assertThat(first.getJsonArray("persons")).hasSize(1);
        JsonObject second = facilities.json(facilities.get("/api/persons?name=sam%20searchable&limit=1&after=" + first.getString("next")), 200);
        assertThat(second.getJsonArray("persons")).hasSize(1);
        assertThat(second.getString("next")).isNull();
        assertThat(facilities.json(facilities.get("/api/persons?organization=zeta"), 200).getJsonArray("persons")).hasSize(2);
        assertThat(facilities.json(facilities.get("/api/persons?organization=Zeta_"), 200).getJsonArray("persons")).hasSize(1);
        assertThat(facilities.get("/api/persons?organization=100%25").statusCode()).isEqualTo(400);
        assertThat(facilities.get("/api/persons?limit=201").statusCode()).isEqualTo(400);
    }

    @Test
    void aSuspendedBadgeIsRefusedAndTransitionsThatMakeNoSenseAreConflicts() throws Exception {
        Holder h = holder("Sue Suspended", new JsonObject());
        Await.until(Duration.ofSeconds(5), "badge known", () -> "GRANT".equals(present(h.card())));
        long before = version();
        facilities.json(act(facilities, h.credentialId(), "suspend", "left badge at home, picked up a spare"), 200);
        badgeAfterChange(before, System.nanoTime(), h.card(), "DENY");
        assertThat(act(facilities, h.credentialId(), "suspend", "again").statusCode()).isEqualTo(409);
        facilities.json(act(facilities, h.credentialId(), "report-lost", "spare gone too"), 200);
        assertThat(act(facilities, h.credentialId(), "suspend", "after lost").statusCode()).isEqualTo(409);
        facilities.json(act(facilities, h.credentialId(), "revoke", "replaced"), 200);
        for (String action : List.of("suspend", "report-lost", "report-stolen", "expire", "revoke")) {
            assertThat(act(facilities, h.credentialId(), action, "after revoke").statusCode()).as(action).isEqualTo(409);
        }
        assertThat(act(facilities, "c-nobody", "suspend", "x").statusCode()).isEqualTo(404);
        assertThat(history(h.credentialId())).extracting(r -> r.get("from_status") + "→" + r.get("to_status"))
                .containsExactly("null→ACTIVE", "ACTIVE→SUSPENDED", "SUSPENDED→LOST", "LOST→REVOKED");
        assertThat(history(h.credentialId()).get(1)).containsEntry("actor", facOne)
                .containsEntry("reason", "left badge at home, picked up a spare");
        var row = env.cage().query("SELECT status, status_changed_by FROM credentials WHERE id = '" + h.credentialId() + "'").get(0);
        assertThat(row).containsEntry("status", "REVOKED").containsEntry("status_changed_by", facOne);
    }

    @Test
    void aReinstatementNeedsASecondPersonWhoIsNotTheHolder() throws Exception {
        Holder h = holder("Rita Reinstated", new JsonObject());
        facilities.json(act(facilities, h.credentialId(), "suspend", "investigation"), 200);
        Await.until(Duration.ofSeconds(5), "suspension in force", () -> "DENY".equals(present(h.card())));
        JsonObject approval = facilities.json(act(facilities, h.credentialId(), "reinstate", "investigation closed"), 201);
        assertThat(approval.getString("state")).isEqualTo("PENDING");
        assertThat(act(facilities, h.credentialId(), "reinstate", "twice").statusCode()).isEqualTo(409);
        String decision = new JsonObject().put("comment", "checked").encode();
        HttpResponse<String> self = facilities.post("/api/credentials/" + h.credentialId() + "/reinstate/approve", decision);
        assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
        env.cage().awaitRow("SELECT * FROM audit_trail WHERE action = 'approveReinstatement' AND outcome = 'FORBIDDEN' AND resource_id = '"
                + h.credentialId() + "'");
        ApiClient holderHimself = ApiClient.user(() -> env.cage().gateway, "rita", h.personId(), Role.FACILITIES);
        assertThat(holderHimself.post("/api/credentials/" + h.credentialId() + "/reinstate/approve", decision).statusCode()).isEqualTo(403);
        ApiClient auditor = ApiClient.user(() -> env.cage().gateway, "aud-r", null, Role.AUDITOR);
        assertThat(auditor.post("/api/credentials/" + h.credentialId() + "/reinstate/approve", decision).statusCode()).isEqualTo(403);
        assertThat(present(h.card())).isEqualTo("DENY");
        assertThat(facilities.json(facilities.get("/api/credentials/" + h.credentialId()), 200).getJsonObject("pendingReinstatement")
                .getLong("id")).isEqualTo(approval.getLong("id"));

        long before = version();
        JsonObject done = secondFacilities.json(secondFacilities.post("/api/credentials/" + h.credentialId() + "/reinstate/approve",
                decision), 200);
        long answered = System.nanoTime();
        assertThat(done.getString("status")).isEqualTo("ACTIVE");
        long ms = badgeAfterChange(before, answered, h.card(), "GRANT");
        System.out.println("[it] reinstated through the API: badge admitted " + ms + " ms after the answer");
        var last = history(h.credentialId()).get(2);
        assertThat(last).containsEntry("to_status", "ACTIVE").containsEntry("actor", facTwo)
                .containsEntry("approval_id", approval.getLong("id"));
        assertThat(secondFacilities.post("/api/credentials/" + h.credentialId() + "/reinstate/approve", decision).statusCode()).isEqualTo(409);

        facilities.json(act(facilities, h.credentialId(), "revoke", "left"), 200);
        facilities.json(act(facilities, h.credentialId(), "reinstate", "came back"), 201);
        JsonObject denied = secondFacilities.json(secondFacilities.post("/api/credentials/" + h.credentialId() + "/reinstate/deny",
                new JsonObject().put("comment", "not confirmed").encode()), 200);
        assertThat(denied.getString("status")).isEqualTo("REVOKED");
        assertThat(denied.getJsonObject("approval").getString("state")).isEqualTo("DENIED");
    }

    @Test
    void aBadgeRevokedThroughTheApiIsRefusedAtTheReaderWithinASecond() throws Exception {
        Holder h = holder("Rob Revoked", new JsonObject());
        Await.until(Duration.ofSeconds(5), "badge known", () -> "GRANT".equals(present(h.card())));
        long before = version();
        facilities.json(act(facilities, h.credentialId(), "revoke", "badge misused"), 200);
        long ms = badgeAfterChange(before, System.nanoTime(), h.card(), "DENY");
        System.out.println("[it] revoked through the API: badge refused " + ms + " ms after the answer");
        assertThat(ms).as("refused within ~1 s (bound 5 s against a loaded machine)").isLessThan(5_000);
    }

    @Test
    void anHrTerminationRevokesEveryBadgeAtOnceAndTheReaderRefusesThem() throws Exception {
        Holder h = holder("Hal Leaver", new JsonObject().put("externalId", "HR-77"));
        int spare = NEXT_CARD.incrementAndGet();
        JsonObject second = facilities.json(facilities.post("/api/credentials", new JsonObject().put("personId", h.personId())
                .put("card", "18:" + spare).encode()), 201);
        facilities.json(act(facilities, second.getString("id"), "suspend", "spare"), 200);
        Await.until(Duration.ofSeconds(5), "badge known", () -> "GRANT".equals(present(h.card())));
        ApiClient hr = ApiClient.token(() -> env.cage().gateway, Role.FACILITIES);
        ApiClient desk = ApiClient.token(() -> env.cage().gateway, Role.SECURITY_DESK);
        String body = new JsonObject().put("externalId", "HR-77").put("reason", "left the company").encode();
        assertThat(desk.post("/api/hr/terminations", body).statusCode()).isEqualTo(403);

        long before = version();
        JsonObject done = hr.json(hr.post("/api/hr/terminations", body), 200);
        long ms = badgeAfterChange(before, System.nanoTime(), h.card(), "DENY");
        System.out.println("[it] terminated through the HR feed: badge refused " + ms + " ms after the answer");
        assertThat(ms).isLessThan(5_000);
        assertThat(done.getString("terminatedBy")).isEqualTo(hr.actor);
        assertThat(done.getJsonArray("revokedCredentials")).containsExactlyInAnyOrder(h.credentialId(), second.getString("id"));
        assertThat(present(spare)).isEqualTo("DENY");
        for (String id : List.of(h.credentialId(), second.getString("id"))) {
            assertThat(history(id).get(history(id).size() - 1)).containsEntry("to_status", "REVOKED").containsEntry("actor", hr.actor)
                    .containsEntry("reason", "left the company");
        }
        assertThat(hr.post("/api/hr/terminations", body).statusCode()).isEqualTo(409);
        assertThat(hr.post("/api/hr/terminations", new JsonObject().put("externalId", "HR-none").put("reason", "x").encode()).statusCode())
                .isEqualTo(404);
        assertThat(hr.post("/api/hr/terminations", new JsonObject().put("reason", "x").encode()).statusCode()).isEqualTo(400);
        assertThat(act(facilities, h.credentialId(), "reinstate", "rehired?").statusCode()).isEqualTo(409);
        assertThat(facilities.post("/api/credentials", new JsonObject().put("personId", h.personId()).put("card", "18:" + (spare + 500))
                .encode()).statusCode()).isEqualTo(409);
    }

    @Test
    void aTerminationInTheFutureIsRefusedAndNothingChanges() throws Exception {
        Holder h = holder("Fran Future", new JsonObject());
        HttpResponse<String> r = facilities.post("/api/persons/" + h.personId() + "/terminate", new JsonObject()
                .put("terminatedAt", Instant.now().plus(Duration.ofDays(3)).toString()).put("reason", "end of month").encode());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(env.cage().query("SELECT terminated_at FROM persons WHERE id = '" + h.personId() + "'").get(0).get("terminated_at")).isNull();
        JsonObject done = facilities.json(facilities.post("/api/persons/" + h.personId() + "/terminate", new JsonObject()
                .put("terminatedAt", Instant.now().minus(Duration.ofDays(1)).toString()).put("reason", "left yesterday").encode()), 200);
        assertThat(done.getJsonArray("revokedCredentials")).containsExactly(h.credentialId());
    }

    @Test
    void aReissuedBadgeReplacesTheOldOneAndKeepsThePin() throws Exception {
        Holder h = holder("Ivy Reissued", new JsonObject());
        int pinCard = NEXT_CARD.incrementAndGet();
        JsonObject withPin = facilities.json(facilities.post("/api/credentials", new JsonObject().put("personId", h.personId())
                .put("card", "18:" + pinCard).put("pin", "918273").encode()), 201);
        int newCard = NEXT_CARD.incrementAndGet();
        JsonObject re = facilities.json(facilities.post("/api/credentials/" + withPin.getString("id") + "/reissue",
                new JsonObject().put("card", "18:" + newCard).encode()), 201);
        assertThat(re.getString("replaces")).isEqualTo(withPin.getString("id"));
        assertThat(re.getBoolean("hasPin")).isTrue();
        assertThat(re.getJsonObject("replaced").getString("status")).isEqualTo("REVOKED");
        assertThat(history(withPin.getString("id")).get(1)).containsEntry("to_status", "REVOKED").containsEntry("reason", "re-issued");
        assertThat(facilities.post("/api/credentials/" + withPin.getString("id") + "/reissue",
                new JsonObject().put("card", "18:" + (newCard + 1)).encode()).statusCode()).isEqualTo(409);
        assertThat(act(facilities, withPin.getString("id"), "reinstate", "old one").statusCode()).isEqualTo(409);
    }

    @Test
    void noPinHashEverAppearsInAnAnswerOrAnAuditRow() throws Exception {
        Holder h = holder("Pia Pin", new JsonObject());
        String pin = "553311";
        HttpResponse<String> enrolled = facilities.post("/api/credentials", new JsonObject().put("personId", h.personId())
                .put("card", "18:" + NEXT_CARD.incrementAndGet()).put("pin", pin).encode());
        String id = facilities.json(enrolled, 201).getString("id");
        assertThat(env.cage().query("SELECT pin_hash FROM credentials WHERE id = '" + id + "'").get(0).get("pin_hash").toString())
                .startsWith("$argon2id$");
        List<HttpResponse<String>> answers = List.of(enrolled, act(facilities, id, "suspend", "pin test"),
                facilities.get("/api/credentials/" + id), facilities.get("/api/persons/" + h.personId()),
                facilities.get("/api/persons?name=Pia"), act(facilities, id, "reinstate", "pin test"));
        for (HttpResponse<String> a : answers) {
            assertThat(a.body()).doesNotContain("argon2").doesNotContain(pin).doesNotContain("pinHash").doesNotContain("pin_hash");
        }
        assertThat(env.cage().query("SELECT count(*) AS n FROM audit_trail WHERE before::text LIKE '%argon2%' OR after::text LIKE '%argon2%'"
                + " OR detail LIKE '%argon2%' OR after::text LIKE '%" + pin + "%' OR before::text LIKE '%" + pin + "%'").get(0).get("n"))
                .isEqualTo(0L);
        assertThat(env.cage().query("SELECT count(*) AS n FROM audit_trail WHERE resource = 'credentials' AND resource_id = '" + id + "'")
                .get(0).get("n")).isEqualTo(3L);
    }

    @Test
    void readersReadAndOnlyFacilitiesWrite() throws Exception {
        Holder h = holder("Rae Readonly", new JsonObject());
        ApiClient auditor = ApiClient.token(() -> env.cage().gateway, Role.AUDITOR);
        ApiClient desk = ApiClient.token(() -> env.cage().gateway, Role.SECURITY_DESK);
        assertThat(auditor.get("/api/persons/" + h.personId()).statusCode()).isEqualTo(200);
        assertThat(desk.get("/api/credentials/" + h.credentialId()).statusCode()).isEqualTo(200);
        long changes = (Long) env.cage().query("SELECT count(*) AS n FROM credential_status_changes").get(0).get("n");
        assertThat(act(auditor, h.credentialId(), "revoke", "auditor tries").statusCode()).isEqualTo(403);
        assertThat(act(desk, h.credentialId(), "suspend", "desk tries").statusCode()).isEqualTo(403);
        assertThat(desk.post("/api/persons", new JsonObject().put("name", "X").put("type", "VISITOR").encode()).statusCode()).isEqualTo(403);
        assertThat(env.cage().query("SELECT count(*) AS n FROM credential_status_changes").get(0).get("n")).isEqualTo(changes);
        assertThat(env.cage().query("SELECT status FROM credentials WHERE id = '" + h.credentialId() + "'").get(0).get("status"))
                .isEqualTo("ACTIVE");
    }

    @Test
    void badInputIsAClearRefusalAndChangesNothing() throws Exception {
        long persons = (Long) env.cage().query("SELECT count(*) AS n FROM persons").get(0).get("n");
        assertThat(facilities.post("/api/persons", new JsonObject().put("name", "=cmd|' /C calc'!A0").put("type", "EMPLOYEE").encode())
                .statusCode()).isEqualTo(400);
        assertThat(facilities.post("/api/persons", new JsonObject().put("name", "A\u0000B").put("type", "EMPLOYEE").encode())
                .statusCode()).isEqualTo(400);
        assertThat(facilities.post("/api/persons", new JsonObject().put("name", "Ok").put("type", "ROBOT").encode()).statusCode())
                .isEqualTo(400);
        assertThat(facilities.post("/api/persons", new JsonObject().put("id", "p-alice").put("name", "Other Alice").put("type", "EMPLOYEE")
                .encode()).statusCode()).isEqualTo(409);
        assertThat(env.cage().query("SELECT count(*) AS n FROM persons").get(0).get("n")).isEqualTo(persons);

        JsonObject enroll = new JsonObject().put("personId", "p-alice");
        assertThat(facilities.post("/api/credentials", enroll.copy().put("card", "18:40211").encode()).statusCode()).isEqualTo(409);
        assertThat(facilities.post("/api/credentials", enroll.copy().put("card", "300:1").encode()).statusCode()).isEqualTo(422);
        assertThat(facilities.post("/api/credentials", enroll.copy().put("card", "18:1").put("format", "C1000").encode()).statusCode())
                .isEqualTo(400);
        assertThat(facilities.post("/api/credentials", enroll.copy().put("format", "C1000").put("facility", 5).encode()).statusCode())
                .isEqualTo(400);
        assertThat(facilities.post("/api/credentials", enroll.copy().put("card", "18:2").put("pin", "12ab").encode()).statusCode())
                .isEqualTo(400);
        assertThat(facilities.post("/api/credentials", enroll.copy().put("card", "18:3").put("validFrom", "2027-01-01T00:00:00Z")
                .put("validUntil", "2026-01-01T00:00:00Z").encode()).statusCode()).isEqualTo(422);
        assertThat(facilities.post("/api/credentials", new JsonObject().put("personId", "p-nobody").put("card", "18:4").encode())
                .statusCode()).isEqualTo(404);
        HttpResponse<String> r = facilities.post("/api/credentials", enroll.copy().put("card", "18:5").put("pin", "1234").put("extra", 1)
                .encode());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).doesNotContain("1234");
        assertThat(env.cage().query("SELECT count(*) AS n FROM credentials WHERE card IN ('18:1', '18:2', '18:3', '18:4', '18:5')")
                .get(0).get("n")).isEqualTo(0L);
        JsonArray none = facilities.json(facilities.get("/api/persons?card=18:9999"), 200).getJsonArray("persons");
        assertThat(none).isEmpty();
    }
}
