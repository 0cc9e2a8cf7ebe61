package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.AdminReset;
import io.cagekeeper.gateway.auth.Passwords;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first administrator of a site: created at its first start with a one-time password (no fixed
 * default), which works once and must be changed before anything else; and the command line's
 * admin reset for a lost one, which ends the sessions the old password opened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstAdminIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @Test
    @Order(1)
    void theFirstStartCreatesAnAdminWhoseOneTimePasswordMustBeChangedBeforeAnythingElse() throws Exception {
        String oneTime = env.cage().gateway.initialAdminPassword();
        assertThat(oneTime).as("the first start of the site created its first user").isNotNull().hasSizeGreaterThanOrEqualTo(20);
        ApiClient admin = ApiClient.anonymous(() -> env.cage().gateway);
        assertThat(admin.login("admin", "admin").statusCode()).as("no default password").isEqualTo(401);
        JsonObject me = admin.json(admin.login("admin", oneTime), 200);
        assertThat(me.getBoolean("mustChangePassword")).isTrue();
        assertThat(me.toString()).doesNotContain(oneTime).doesNotContain("argon2");
        assertThat(admin.get("/api/users").statusCode()).as("nothing but the password change first").isEqualTo(403);
        assertThat(admin.post("/api/session/password", new JsonObject().put("currentPassword", oneTime)
                .put("newPassword", "short").encode()).statusCode()).isEqualTo(422);
        String chosen = "correct horse battery staple";
        admin.json(admin.post("/api/session/password", new JsonObject().put("currentPassword", oneTime)
                .put("newPassword", chosen).encode()), 200);
        assertThat(admin.get("/api/users").statusCode()).isEqualTo(200);
        assertThat(ApiClient.anonymous(() -> env.cage().gateway).login("admin", oneTime).statusCode())
                .as("the one-time password works once").isEqualTo(401);
        assertThat(env.cage().query("SELECT count(*) AS n FROM audit_trail WHERE action = 'createUser' AND actor = 'system:first-start'")
                .get(0).get("n")).isEqualTo(1L);
    }

    @Test
    @Order(2)
    void anAdminResetFromTheCommandLineGivesANewOneTimePasswordAndEndsTheOldSessions() throws Exception {
        String known = "it-admin-password-" + System.nanoTime();
        ApiClient before = ApiClient.anonymous(() -> env.cage().gateway);
        String hash = Passwords.hashNow(known);
        AdminReset.reset(env.cage().ownerDb(), "admin", hash);
        before.json(before.login("admin", known), 200);

        String next = "it-admin-next-" + System.nanoTime();
        AdminReset.reset(env.cage().ownerDb(), "admin", Passwords.hashNow(next));
        HttpResponse<String> stale = before.get("/api/session");
        assertThat(stale.statusCode()).as("the session of the old password ended").isEqualTo(401);
        ApiClient after = ApiClient.anonymous(() -> env.cage().gateway);
        assertThat(after.login("admin", known).statusCode()).isEqualTo(401);
        assertThat(after.json(after.login("admin", next), 200).getBoolean("mustChangePassword")).isTrue();
        assertThat(env.cage().query("SELECT count(*) AS n FROM audit_trail WHERE actor = 'system:admin-reset'").get(0).get("n"))
                .isEqualTo(2L);
    }
}
