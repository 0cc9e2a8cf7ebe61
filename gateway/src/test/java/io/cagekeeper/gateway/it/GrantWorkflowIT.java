package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Passwords;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A grant through the API against the running gateway: requested by facilities, refused at the
 * reader until a second person approves it, in force within a second of the approval, refused within
 * a second of its revocation; and separation of duties held by the server (the requester, the
 * grant's own person, an account the requester created: 403) and by the database (a direct
 * self-approval UPDATE is refused by its CHECK).
 */
class GrantWorkflowIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    static final CardNumber GINA = CardNumber.h10301(18, 50101);
    static final CardNumber HUGO = CardNumber.h10301(18, 50102);

    @BeforeAll
    static void seed() throws Exception {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        env.cage().change(List.of(
                PolicyStore.upsertPerson(new Person("p-gina", "Gina", PersonType.EMPLOYEE, null)),
                PolicyStore.upsertCredential(new Credential("c-gina", GINA, "p-gina", CredentialStatus.ACTIVE, from, null, null, null, null)),
                PolicyStore.upsertPerson(new Person("p-hugo", "Hugo", PersonType.CONTRACTOR, null)),
                PolicyStore.upsertCredential(new Credential("c-hugo", HUGO, "p-hugo", CredentialStatus.ACTIVE, from, null, null, null, null)),
                PolicyStore.upsertPerson(new Person("p-vic", "Vic", PersonType.VISITOR, null))));
    }

    @Test
    void aRequestedGrantIsRefusedAtTheReaderWorksOnceApprovedAndIsRefusedAgainOnceRevoked() throws Exception {
        ApiClient facilities = ApiClient.user(gateway(), "fac-" + tag(), null, Role.FACILITIES);
        ApiClient desk = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        assertThat(present(GINA)).contains("DENY");

        JsonObject requested = facilities.json(facilities.post("/api/grants", request("p-gina").encode()), 201);
        String id = requested.getString("id");
        assertThat(requested.getString("state")).isEqualTo("REQUESTED");
        assertThat(requested.getString("requestedBy")).isEqualTo(actorOf(facilities));
        awaitVersion(requested.getLong("policyVersion"), "the request's version");
        assertThat(present(GINA)).as("a requested grant is not in force").contains("DENY");

        long sent = System.nanoTime();
        JsonObject approved = desk.json(desk.post("/api/grants/" + id + "/approve", "{\"comment\":\"work order 4711\"}"), 200);
        long inForce = awaitVersion(approved.getLong("policyVersion"), "the approval in force within 1 s");
        System.out.println("[it] grant approval in force " + inForce + " ms after the answer, "
                + (System.nanoTime() - sent) / 1_000_000 + " ms after the request was sent");
        assertThat(approved.getString("state")).isEqualTo("APPROVED");
        assertThat(approved.getString("status")).isEqualTo("ACTIVE");
        assertThat(approved.getString("approvedBy")).isEqualTo(actorOf(desk));
        assertThat(approved.getString("decisionComment")).isEqualTo("work order 4711");
        assertThat(present(GINA)).contains("GRANT");

        sent = System.nanoTime();
        JsonObject revoked = facilities.json(facilities.post("/api/grants/" + id + "/revoke", "{\"reason\":\"job done\"}"), 200);
        long refused = awaitVersion(revoked.getLong("policyVersion"), "the revocation in force within 1 s");
        System.out.println("[it] grant revocation in force " + refused + " ms after the answer, "
                + (System.nanoTime() - sent) / 1_000_000 + " ms after the request was sent");
        assertThat(revoked.getString("state")).isEqualTo("REVOKED");
        assertThat(revoked.getString("revokedBy")).isEqualTo(actorOf(facilities));
        assertThat(present(GINA)).contains("DENY");

        assertThat(env.cage().query("SELECT state, decided_by FROM approvals WHERE kind = 'GRANT' AND subject_id = '" + id + "'"))
                .singleElement().satisfies(a -> assertThat(a).containsEntry("state", "APPROVED").containsEntry("decided_by", actorOf(desk)));
        assertThat(env.cage().query("SELECT action FROM audit_trail WHERE resource = 'grants' AND resource_id = '" + id
                + "' AND outcome = 'DONE' ORDER BY id")).extracting(r -> r.get("action"))
                .containsExactly("requestGrant", "approveGrant", "revokeGrant");
        assertThat(facilities.json(facilities.post("/api/grants/" + id + "/revoke", "{\"reason\":\"again\"}"), 409)).isNotNull();
    }

    @Test
    void nobodyApprovesTheirOwnGrantRequestEvenHoldingTheDesksRole() throws Exception {
        ApiClient both = ApiClient.user(gateway(), "both-" + tag(), null, Role.FACILITIES, Role.SECURITY_DESK);
        String id = both.json(both.post("/api/grants", request("p-hugo").encode()), 201).getString("id");
        HttpResponse<String> r = both.post("/api/grants/" + id + "/approve", "{\"comment\":\"fine by me\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("their own request");
        assertThat(both.json(both.get("/api/grants/" + id), 200).getString("state")).isEqualTo("REQUESTED");
        env.cage().awaitRow("SELECT * FROM audit_trail WHERE action = 'approveGrant' AND resource_id = '" + id + "' AND outcome = 'FORBIDDEN'");
        // a denial is a decision too
        assertThat(both.post("/api/grants/" + id + "/deny", "{\"comment\":\"no\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void anAccountCreatedByTheRequesterMayNotDecideTheirRequest() throws Exception {
        ApiClient admin = ApiClient.user(gateway(), "adm-" + tag(), null, Role.ADMIN, Role.FACILITIES);
        String id = admin.json(admin.post("/api/grants", request("p-hugo").encode()), 201).getString("id");
        ApiClient deputy = userCreatedBy(actorOf(admin), "deputy-" + tag(), null, Role.SECURITY_DESK);
        HttpResponse<String> r = deputy.post("/api/grants/" + id + "/approve", "{\"comment\":\"approved by my own account\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("created by the requester");
        ApiClient other = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        assertThat(other.json(other.post("/api/grants/" + id + "/approve", "{\"comment\":\"checked\"}"), 200).getString("state"))
                .isEqualTo("APPROVED");
    }

    @Test
    void theGrantsOwnPersonMayNotApproveItNorMayAnyoneWithoutTheDesksRole() throws Exception {
        ApiClient facilities = ApiClient.user(gateway(), "fac-" + tag(), null, Role.FACILITIES);
        String id = facilities.json(facilities.post("/api/grants", request("p-hugo").encode()), 201).getString("id");
        ApiClient hugo = ApiClient.user(gateway(), "hugo-" + tag(), "p-hugo", Role.SECURITY_DESK);
        HttpResponse<String> self = hugo.post("/api/grants/" + id + "/approve", "{\"comment\":\"my own access\"}");
        assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
        assertThat(self.body()).contains("for themselves");
        ApiClient otherFacilities = ApiClient.user(gateway(), "fac-" + tag(), null, Role.FACILITIES, Role.ADMIN);
        assertThat(otherFacilities.post("/api/grants/" + id + "/approve", "{\"comment\":\"x\"}").statusCode()).isEqualTo(403);
        ApiClient auditor = ApiClient.user(gateway(), "aud-" + tag(), null, Role.AUDITOR);
        assertThat(auditor.post("/api/grants", request("p-hugo").encode()).statusCode()).isEqualTo(403);
        assertThat(auditor.json(auditor.get("/api/grants?state=REQUESTED&person=p-hugo"), 200).getJsonArray("grants").size()).isPositive();
    }

    @Test
    void theDatabaseRefusesASelfApprovalWrittenStraightToIt() throws Exception {
        ApiClient facilities = ApiClient.user(gateway(), "fac-" + tag(), null, Role.FACILITIES);
        String id = facilities.json(facilities.post("/api/grants", request("p-gina").encode()), 201).getString("id");
        var db = env.backends().gatewayDb();
        try (Connection c = DriverManager.getConnection(env.backends().db().jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE grants SET state = 'APPROVED', approved_by = requested_by, approved_at = now()"
                    + " WHERE id = '" + id + "'")).isInstanceOf(SQLException.class).hasMessageContaining("grants_no_self_approval");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE approvals SET state = 'APPROVED', decided_by = requested_by, decided_at = now()"
                    + " WHERE subject_id = '" + id + "'")).isInstanceOf(SQLException.class).hasMessageContaining("approvals_check");
        }
        assertThat(env.cage().query("SELECT state FROM grants WHERE id = '" + id + "'")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("state", "REQUESTED"));
    }

    @Test
    void badRequestsAreRefusedClearlyAndChangeNothing() throws Exception {
        ApiClient facilities = ApiClient.user(gateway(), "fac-" + tag(), null, Role.FACILITIES);
        ApiClient desk = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        long grants = count("grants");
        long versions = count("policy_changes");
        assertThat(facilities.post("/api/grants", request("p-nobody").encode()).statusCode()).isEqualTo(422);
        assertThat(facilities.post("/api/grants", request("p-vic").encode()).statusCode()).as("a visitor").isEqualTo(422);
        assertThat(facilities.post("/api/grants", request("p-gina").put("accessLevelId", "nowhere").encode()).statusCode()).isEqualTo(422);
        assertThat(facilities.post("/api/grants", request("p-gina").put("validUntil", "2020-01-01T00:00:00Z").encode()).statusCode())
                .isEqualTo(422);
        assertThat(facilities.post("/api/grants", request("p-gina").put("validFrom", "tomorrow").encode()).statusCode()).isEqualTo(400);
        assertThat(facilities.post("/api/grants", request("p-gina").put("approvedBy", "user:1").encode()).statusCode()).isEqualTo(400);
        assertThat(facilities.post("/api/grants", request("p-gina").put("reason", "a\u0007b").encode()).statusCode()).isEqualTo(400);
        assertThat(desk.post("/api/grants/g-unknown/approve", "{\"comment\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(desk.get("/api/grants/g-unknown").statusCode()).isEqualTo(404);
        assertThat(desk.post("/api/grants/g-alice/approve", "{\"comment\":\"x\"}").statusCode()).as("already approved").isEqualTo(409);
        assertThat(count("grants")).isEqualTo(grants);
        assertThat(count("policy_changes")).isEqualTo(versions);
    }

    static JsonObject request(String personId) {
        return new JsonObject().put("personId", personId).put("accessLevelId", "cage")
                .put("validFrom", Instant.now().minus(Duration.ofMinutes(1)).toString())
                .put("validUntil", Instant.now().plus(Duration.ofDays(7)).toString()).put("reason", "maintenance window");
    }

    /** Waits until the gateway decides with {@code version} or later; the milliseconds it took. */
    static long awaitVersion(long version, String what) throws InterruptedException {
        return inForce(env.cage().gateway, version, what);
    }

    /** Waits (polling every millisecond) until {@code g} decides with {@code version} or later; fails after 1 s. The milliseconds it took. */
    static long inForce(Gateway g, long version, String what) throws InterruptedException {
        long t0 = System.nanoTime();
        while (g.policy().current().version() < version) {
            if (System.nanoTime() - t0 > 1_000_000_000L) {
                throw new AssertionError("timed out after 1 s waiting for " + what);
            }
            Thread.sleep(1);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String actorOf(ApiClient c) throws Exception {
        return c.json(c.get("/api/session"), 200).getString("actor");
    }

    /** A user created by {@code creator} (as if that admin had made the account), logged in. */
    static ApiClient userCreatedBy(String creator, String login, String personId, Role... roles) throws Exception {
        Gateway g = env.cage().gateway;
        String password = "it-password-" + UUID.randomUUID();
        g.pool().withTransaction(c -> g.users().insert(c, login, login, Passwords.hashNow(password), "en", personId, false,
                EnumSet.of(roles[0], roles), creator)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ApiClient client = ApiClient.anonymous(gateway());
        assertThat(client.login(login, password).statusCode()).isEqualTo(200);
        return client;
    }

    static Supplier<Gateway> gateway() {
        return () -> env.cage().gateway;
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static long count(String table) throws Exception {
        return ((Number) env.cage().query("SELECT count(*) AS n FROM " + table).get(0).get("n")).longValue();
    }

    private static Optional<String> present(CardNumber card) {
        String id = env.cage().reader.presentCard(Card.h10301(card.facility(), (int) card.number()), null);
        return env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result);
    }
}
