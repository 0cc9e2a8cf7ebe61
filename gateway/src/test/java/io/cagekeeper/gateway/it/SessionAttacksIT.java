package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.auth.Secrets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on browser sessions: a planted cookie (fixation), a stolen cookie after logout, a session
 * left open, and a user whose access was taken away while logged in. Timeouts are tested by moving
 * the session's clock back in the database (last_seen_at, expires_at) rather than waiting: the
 * gateway's check is the same SQL either way, and the tests take milliseconds instead of minutes.
 */
class SessionAttacksIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    private static RawHttp http() {
        return RawHttp.from(null, env.cage().gateway.httpPort());
    }

    private static String loginJson(Caller c) {
        return new JsonObject().put("login", c.login()).put("password", c.password()).encode();
    }

    private static int statusWith(String sessionCookie) throws Exception {
        return http().get("/api/session", "Cookie: ck_session=" + sessionCookie).status();
    }

    private static ApiClient admin() throws Exception {
        return ApiClient.token(() -> env.cage().gateway, Role.ADMIN);
    }

    private static long userId(Caller c) {
        return Long.parseLong(c.actorId().substring("user:".length()));
    }

    @Test
    void aCookiePlantedBeforeLoginIsNotTheSessionAfterIt() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.FACILITIES);
        for (String planted : List.of("planted-by-the-attacker", Secrets.newToken())) {
            RawHttp.Response login = http().postJson("/api/session", loginJson(user), "Cookie: ck_session=" + planted);
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            String issued = login.cookieValue("ck_session");
            assertThat(issued).isNotEqualTo(planted).hasSize(43);
            assertThat(statusWith(planted)).isEqualTo(401);
            assertThat(statusWith(issued)).isEqualTo(200);
        }
    }

    @Test
    void aNewLoginEndsTheSessionTheBrowserBroughtAlong() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.FACILITIES);
        String first = user.client().cookie("ck_session");
        RawHttp.Response again = http().postJson("/api/session", loginJson(user), "Cookie: ck_session=" + first,
                "X-CSRF-Token: " + user.client().cookie("ck_csrf"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        String second = again.cookieValue("ck_session");
        assertThat(second).isNotEqualTo(first);
        assertThat(statusWith(first)).isEqualTo(401);
        assertThat(statusWith(second)).isEqualTo(200);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndTheCsrfCookieReadableByTheConsole() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.AUDITOR);
        RawHttp.Response login = http().postJson("/api/session", loginJson(user));
        String session = login.setCookie("ck_session");
        assertThat(session).containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict").contains("; Path=/")
                .contains("Max-Age=" + Duration.ofHours(12).toSeconds()).doesNotContainIgnoringCase("Domain=")
                // plain HTTP on loopback: a Secure cookie would not come back
                .doesNotContainIgnoringCase("; Secure");
        String csrf = login.setCookie("ck_csrf");
        assertThat(csrf).containsIgnoringCase("; SameSite=Strict").doesNotContainIgnoringCase("HttpOnly");
        assertThat(login.json().encode()).doesNotContain(login.cookieValue("ck_session")).doesNotContain(login.cookieValue("ck_csrf"));
        assertThat(env.cage().query("SELECT id, csrf_hash FROM sessions").toString())
                .doesNotContain(login.cookieValue("ck_session")).doesNotContain(login.cookieValue("ck_csrf"))
                .contains(Secrets.digest(login.cookieValue("ck_session")));
    }

    @Test
    void logoutEndsTheSessionOnTheServerSoAStolenCookieIsWorthlessAfterIt() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.SECURITY_DESK);
        String stolen = user.client().cookie("ck_session");
        assertThat(user.client().delete("/api/session").statusCode()).isEqualTo(200);
        assertThat(statusWith(stolen)).isEqualTo(401);
        assertThat(env.cage().query("SELECT count(*) AS n FROM sessions WHERE id = '" + Secrets.digest(stolen) + "'").get(0).get("n"))
                .isEqualTo(0L);
        RawHttp.Response write = http().postJson("/api/threat-level", "{\"level\":\"LOCKDOWN\",\"reason\":\"x\"}",
                "Cookie: ck_session=" + stolen, "X-CSRF-Token: " + user.client().cookie("ck_csrf"));
        assertThat(write.status()).isEqualTo(401);
    }

    @Test
    void aSessionIdleLongerThanTheIdleTimeoutIsRefusedAndOneUsedWithinItIsKeptAlive() throws Exception {
        Caller idle = Caller.session(() -> env.cage().gateway, Role.AUDITOR);
        Caller active = Caller.session(() -> env.cage().gateway, Role.AUDITOR);
        String idleId = Secrets.digest(idle.client().cookie("ck_session"));
        String activeId = Secrets.digest(active.client().cookie("ck_session"));
        // the default http.sessionIdleMinutes is 30
        TableDigest.execute(env.backends().db(), "UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = '" + idleId + "'");
        TableDigest.execute(env.backends().db(), "UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = '" + activeId + "'");
        assertThat(idle.client().get("/api/session").statusCode()).isEqualTo(401);
        assertThat(active.client().get("/api/session").statusCode()).isEqualTo(200);
        Await.until(Duration.ofSeconds(5), "the active session's idle timer restarted", () -> {
            return Boolean.TRUE.equals(env.cage().query("SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM sessions WHERE id = '"
                    + activeId + "'").get(0).get("fresh"));
        });
    }

    @Test
    void aSessionPastItsAbsoluteLifetimeIsRefusedEvenWhileInUse() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.AUDITOR);
        String id = Secrets.digest(user.client().cookie("ck_session"));
        Map<String, Object> row = env.cage().query("SELECT extract(epoch FROM expires_at - created_at) AS life FROM sessions WHERE id = '"
                + id + "'").get(0);
        // the default http.sessionMaxHours is 12
        assertThat(((Number) row.get("life")).longValue()).isEqualTo(Duration.ofHours(12).toSeconds());
        TableDigest.execute(env.backends().db(), "UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = '"
                + id + "'");
        assertThat(user.client().get("/api/session").statusCode()).isEqualTo(401);
    }

    @Test
    void disablingAUserEndsTheirSessionsAtOnce() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.SECURITY_DESK);
        Caller again = user.relogin(() -> env.cage().gateway);
        assertThat(user.client().get("/api/doors").statusCode()).isEqualTo(200);
        var r = admin().patch("/api/users/" + userId(user), "{\"disabled\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(user.client().get("/api/doors").statusCode()).isEqualTo(401);
        assertThat(again.client().get("/api/doors").statusCode()).isEqualTo(401);
        assertThat(sessionsOf(user)).isZero();
        assertThat(ApiClient.anonymous(() -> env.cage().gateway).login(user.login(), user.password()).statusCode()).isEqualTo(401);
    }

    @Test
    void changingAUsersRolesEndsTheirSessionsAtOnce() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.SECURITY_DESK);
        var r = admin().patch("/api/users/" + userId(user), "{\"roles\":[\"auditor\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(user.client().post("/api/threat-level", "{\"level\":\"LOCKDOWN\",\"reason\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(sessionsOf(user)).isZero();
        Caller demoted = user.relogin(() -> env.cage().gateway);
        assertThat(new JsonObject(demoted.client().get("/api/session").body()).getJsonArray("roles")).isEqualTo(new JsonArray().add("auditor"));
        assertThat(demoted.client().post("/api/threat-level", "{\"level\":\"LOCKDOWN\",\"reason\":\"x\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void changingOnesPasswordEndsOnesOtherSessionsButKeepsThisOne() throws Exception {
        Caller here = Caller.session(() -> env.cage().gateway, Role.FACILITIES);
        Caller elsewhere = here.relogin(() -> env.cage().gateway);
        String next = "a new password for " + here.login();
        var r = here.client().post("/api/session/password",
                new JsonObject().put("currentPassword", here.password()).put("newPassword", next).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(here.client().get("/api/session").statusCode()).isEqualTo(200);
        assertThat(elsewhere.client().get("/api/session").statusCode()).isEqualTo(401);
        assertThat(sessionsOf(here)).isEqualTo(1);
        assertThat(ApiClient.anonymous(() -> env.cage().gateway).login(here.login(), here.password()).statusCode()).isEqualTo(401);
        assertThat(ApiClient.anonymous(() -> env.cage().gateway).login(here.login(), next).statusCode()).isEqualTo(200);
    }

    @Test
    void aUserWhoMustChangeTheirPasswordCanDoNothingElseUntilTheyHave() throws Exception {
        var created = admin().post("/api/users", "{\"login\":\"newcomer\",\"displayName\":\"New Comer\",\"roles\":[\"facilities\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String oneTime = new JsonObject(created.body()).getString("oneTimePassword");
        ApiClient c = ApiClient.anonymous(() -> env.cage().gateway);
        var login = c.login("newcomer", oneTime);
        assertThat(new JsonObject(login.body()).getBoolean("mustChangePassword")).isTrue();
        var doors = c.get("/api/doors");
        assertThat(doors.statusCode()).isEqualTo(403);
        assertThat(doors.body()).contains("one-time password first");
        assertThat(c.post("/api/credentials/c-alice/reset-pin", "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(c.get("/api/session").statusCode()).isEqualTo(200);
        var changed = c.post("/api/session/password", new JsonObject().put("currentPassword", oneTime)
                .put("newPassword", "my own long password").encode());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(c.get("/api/doors").statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminsPasswordResetEndsTheUsersSessionsAndForcesAChange() throws Exception {
        Caller user = Caller.session(() -> env.cage().gateway, Role.FACILITIES);
        var reset = admin().post("/api/users/" + userId(user) + "/password-reset", null);
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(user.client().get("/api/session").statusCode()).isEqualTo(401);
        ApiClient c = ApiClient.anonymous(() -> env.cage().gateway);
        assertThat(c.login(user.login(), new JsonObject(reset.body()).getString("oneTimePassword")).statusCode()).isEqualTo(200);
        assertThat(c.get("/api/doors").statusCode()).isEqualTo(403);
    }

    private static long sessionsOf(Caller c) throws Exception {
        return (Long) env.cage().query("SELECT count(*) AS n FROM sessions WHERE user_id = " + userId(c)).get(0).get("n");
    }
}
