package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.auth.Secrets;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API tokens for integrations, attacked: the value is in the creation answer and nowhere else (not in
 * the list, the audit trail or the database), a token can do what its roles allow and no more, it
 * cannot be given roles its creator lacks, and it dies at revocation or expiry at the next request.
 */
class TokenAttacksIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    private static JsonObject create(ApiClient by, String body, int status) throws Exception {
        var r = by.post("/api/tokens", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    /** The status of a GET made with a token value we were handed (as an integration would hold it). */
    private static int getWith(String token, String path) throws Exception {
        return RawHttp.from(null, env.cage().gateway.httpPort()).get(path, "Authorization: Bearer " + token).status();
    }

    @Test
    void aTokenIsShownOnceAndNeverListedStoredOrAuditedAsItsValue() throws Exception {
        Caller admin = Caller.session(() -> env.cage().gateway, Role.ADMIN);
        JsonObject created = create(admin.client(), "{\"name\":\"HR feed\",\"roles\":[\"admin\"]}", 201);
        String token = created.getString("token");
        assertThat(token).startsWith("ckt_").hasSize(4 + 43);
        var list = admin.client().get("/api/tokens");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token).doesNotContain(token.substring(4)).doesNotContain(Secrets.digest(token))
                .doesNotContain("\"token\"").doesNotContain("hash");
        assertThat(env.cage().query("SELECT * FROM api_tokens").toString()).doesNotContain(token.substring(4));
        assertThat(env.cage().query("SELECT concat_ws(' ', detail, before::text, after::text) AS t FROM audit_trail").toString())
                .doesNotContain(token.substring(4)).doesNotContain(Secrets.digest(token));
        assertThat(getWith(token, "/api/users")).isEqualTo(200);
    }

    @Test
    void aFacilitiesTokenCannotCallSecurityDeskOperations() throws Exception {
        ApiClient facilities = ApiClient.token(() -> env.cage().gateway, Role.FACILITIES);
        var before = TableDigest.of(env.backends().db());
        var r = facilities.post("/api/threat-level", "{\"level\":\"LOCKDOWN\",\"reason\":\"integration\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(facilities.post("/api/alarms/1/clear", "{\"comment\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(facilities.post("/api/tokens", "{\"name\":\"escalate\",\"roles\":[\"security-desk\"]}").statusCode()).isEqualTo(403);
        assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).isEmpty();
        assertThat(facilities.get("/api/doors").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenCannotCarryARoleItsCreatorLacksAndTheRefusalIsAudited() throws Exception {
        Caller admin = Caller.session(() -> env.cage().gateway, Role.ADMIN);
        var before = TableDigest.of(env.backends().db());
        JsonObject refused = create(admin.client(), "{\"name\":\"desk bot\",\"roles\":[\"admin\",\"security-desk\"]}", 403);
        assertThat(refused.getString("error")).contains("roles its creator holds");
        assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).isEmpty();
        Await.until(Duration.ofSeconds(5), "the refusal's audit row", () -> !env.cage().query(
                "SELECT id FROM audit_trail WHERE action = 'createToken' AND outcome = 'FORBIDDEN' AND actor = '" + admin.actorId() + "'").isEmpty());
    }

    @Test
    void aRevokedTokenIsRefusedFromTheNextRequestOn() throws Exception {
        ApiClient admin = ApiClient.token(() -> env.cage().gateway, Role.ADMIN);
        JsonObject created = create(admin, "{\"name\":\"ticketing\",\"roles\":[\"admin\"]}", 201);
        String integration = created.getString("token");
        assertThat(getWith(integration, "/api/tokens")).isEqualTo(200);
        var revoked = admin.post("/api/tokens/" + created.getLong("id") + "/revoke", null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(new JsonObject(revoked.body()).getString("revokedBy")).isEqualTo(admin.actor);
        assertThat(getWith(integration, "/api/tokens")).isEqualTo(401);
        assertThat(admin.post("/api/tokens/" + created.getLong("id") + "/revoke", null).statusCode()).isEqualTo(409);
        assertThat(admin.post("/api/tokens/999999/revoke", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        ApiClient admin = ApiClient.token(() -> env.cage().gateway, Role.ADMIN);
        Instant expires = Instant.now().plusSeconds(2);
        JsonObject created = create(admin, new JsonObject().put("name", "short-lived").put("roles", new io.vertx.core.json.JsonArray().add("admin"))
                .put("expiresAt", expires.toString()).encode(), 201);
        String integration = created.getString("token");
        assertThat(getWith(integration, "/api/tokens")).isEqualTo(200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 100);
        assertThat(getWith(integration, "/api/tokens")).isEqualTo(401);
        create(admin, new JsonObject().put("name", "already dead").put("roles", new io.vertx.core.json.JsonArray().add("admin"))
                .put("expiresAt", Instant.now().minusSeconds(60).toString()).encode(), 422);
    }

    @Test
    void aTokensLastUseIsRecordedWithTheAddressItCameFrom() throws Exception {
        ApiClient admin = ApiClient.token(() -> env.cage().gateway, Role.ADMIN);
        JsonObject created = create(admin, "{\"name\":\"monitor\",\"roles\":[\"admin\"]}", 201);
        assertThat(created.getString("lastUsedAt")).isNull();
        RawHttp.from("127.0.0.6", env.cage().gateway.httpPort()).get("/api/users", "Authorization: Bearer " + created.getString("token"));
        Await.until(Duration.ofSeconds(5), "the token's last use recorded", () -> {
            JsonObject listed = new JsonObject(admin.get("/api/tokens").body()).getJsonArray("tokens").stream()
                    .map(JsonObject.class::cast).filter(t -> t.getLong("id").equals(created.getLong("id"))).findFirst().orElseThrow();
            return listed.getString("lastUsedAt") != null && "127.0.0.6".equals(listed.getString("lastUsedFrom"));
        });
    }

    @Test
    void somethingThatIsNotABearerTokenAuthenticatesNobody() throws Exception {
        String token = ApiClient.token(() -> env.cage().gateway, Role.ADMIN).bearer();
        var http = RawHttp.from(null, env.cage().gateway.httpPort());
        for (String header : new String[] {"Authorization: Basic " + token, "Authorization: Bearer " + token.substring(4),
                "Authorization: Bearer " + token + "x", "Authorization: Bearer " + token.toUpperCase(), "Authorization: " + token,
                "Authorization: Bearer " + Secrets.digest(token)}) {
            assertThat(http.get("/api/users", header).status()).as(header).isEqualTo(401);
        }
    }

    @Test
    void aTokenDiesWithItsCreatorsAuthority() throws Exception {
        ApiClient root = ApiClient.token(() -> env.cage().gateway, Role.ADMIN);
        ApiClient creator = ApiClient.user(() -> env.cage().gateway, "tok-maker", null, Role.ADMIN, Role.AUDITOR);
        String auditorToken = create(creator, "{\"name\":\"audit export\",\"roles\":[\"auditor\"]}", 201).getString("token");
        String adminToken = create(creator, "{\"name\":\"user sync\",\"roles\":[\"admin\"]}", 201).getString("token");
        assertThat(getWith(auditorToken, "/api/doors")).isEqualTo(200);
        long creatorId = Long.parseLong(creator.actor.substring(5));
        // the creator loses the auditor role: the auditor token loses it too, the admin token keeps working
        assertThat(root.patch("/api/users/" + creatorId, "{\"roles\":[\"admin\"]}").statusCode()).isEqualTo(200);
        assertThat(getWith(auditorToken, "/api/doors")).as("no role of the token is held by its creator any more").isEqualTo(401);
        assertThat(getWith(adminToken, "/api/tokens")).isEqualTo(200);
        // the creator is disabled: every token they made is dead
        assertThat(root.patch("/api/users/" + creatorId, "{\"disabled\":true}").statusCode()).isEqualTo(200);
        assertThat(getWith(adminToken, "/api/tokens")).isEqualTo(401);
    }

    @Test
    void nobodyChangesTheirOwnRolesOrBadgeHolder() throws Exception {
        ApiClient admin = ApiClient.user(() -> env.cage().gateway, "self-promoter", null, Role.ADMIN);
        long id = Long.parseLong(admin.actor.substring(5));
        var before = TableDigest.of(env.backends().db());
        assertThat(admin.patch("/api/users/" + id, "{\"roles\":[\"admin\",\"security-desk\"]}").statusCode()).isEqualTo(403);
        assertThat(admin.patch("/api/users/" + id, "{\"personId\":\"p-alice\"}").statusCode()).isEqualTo(403);
        assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).isEmpty();
        assertThat(admin.patch("/api/users/" + id, "{\"displayName\":\"Self Promoter\"}").statusCode()).isEqualTo(200);
    }
}
