package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cross-site request forgery against a logged-in security desk: the attacker's page can make the
 * desk's browser send the session cookie (were SameSite to fail), but cannot read the CSRF cookie to
 * echo it, cannot send JSON without a CORS preflight, and its browser labels the request
 * cross-site. Each forged write is refused and changes no row; an API token (never sent by a browser
 * on its own) needs no CSRF header.
 */
class CsrfIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    static final String LOCKDOWN = "{\"level\":\"LOCKDOWN\",\"reason\":\"forged\"}";
    static Caller desk;
    static String cookie;

    @BeforeAll
    static void logIn() throws Exception {
        desk = Caller.session(() -> env.cage().gateway, Role.SECURITY_DESK);
        cookie = "Cookie: ck_session=" + desk.client().cookie("ck_session");
    }

    private static RawHttp http() {
        return RawHttp.from(null, env.cage().gateway.httpPort());
    }

    @Test
    void aSessionWriteWithoutTheCsrfHeaderIsForbiddenAndChangesNothing() throws Exception {
        var before = TableDigest.of(env.backends().db());
        RawHttp.Response r = http().postJson("/api/threat-level", LOCKDOWN, cookie);
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().getString("error")).contains("X-CSRF-Token");
        assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).isEmpty();
    }

    @Test
    void aSessionWriteWithAWrongCsrfHeaderIsForbiddenAndChangesNothing() throws Exception {
        var before = TableDigest.of(env.backends().db());
        for (String wrong : List.of("X-CSRF-Token: wrong", "X-CSRF-Token: " + desk.client().cookie("ck_session"), "X-CSRF-Token: ")) {
            RawHttp.Response r = http().postJson("/api/threat-level", LOCKDOWN, cookie, wrong);
            assertThat(r.status()).as(wrong + ": " + r.body()).isEqualTo(403);
        }
        assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).isEmpty();
    }

    @Test
    void aCrossSiteHtmlFormPostIsRefusedAndChangesNothing() throws Exception {
        var before = TableDigest.of(env.backends().db());
        byte[] form = "level=LOCKDOWN&reason=forged".getBytes(StandardCharsets.UTF_8);
        List<List<String>> variants = List.of(
                // what a current browser sends for a form on another site
                List.of(cookie, "Content-Type: application/x-www-form-urlencoded", "Origin: http://evil.example", "Sec-Fetch-Site: cross-site"),
                // an old browser: no Fetch metadata, Origin only
                List.of(cookie, "Content-Type: application/x-www-form-urlencoded", "Origin: http://evil.example"),
                // no Origin either (a privacy extension strips it): the CSRF token is still missing
                List.of(cookie, "Content-Type: application/x-www-form-urlencoded"),
                List.of(cookie, "Content-Type: multipart/form-data; boundary=x", "Sec-Fetch-Site: cross-site"));
        for (List<String> headers : variants) {
            RawHttp.Response r = http().send("POST", "/api/threat-level", headers, form);
            assertThat(r.status()).as(headers + ": " + r.body()).isEqualTo(403);
            assertThat(r.json().fieldNames()).containsExactly("error");
        }
        assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).isEmpty();
    }

    @Test
    void aTextPlainPostCarryingJsonIsRefusedAndChangesNothing() throws Exception {
        var before = TableDigest.of(env.backends().db());
        byte[] json = LOCKDOWN.getBytes(StandardCharsets.UTF_8);
        RawHttp.Response crossSite = http().send("POST", "/api/threat-level",
                List.of(cookie, "Content-Type: text/plain", "Origin: http://evil.example", "Sec-Fetch-Site: cross-site"), json);
        assertThat(crossSite.status()).as(crossSite.body()).isEqualTo(403);
        RawHttp.Response noOrigin = http().send("POST", "/api/threat-level", List.of(cookie, "Content-Type: text/plain"), json);
        assertThat(noOrigin.status()).as(noOrigin.body()).isEqualTo(403);
        // even with the right token (which a forger cannot have) a text/plain body is not JSON to this API
        RawHttp.Response typed = http().send("POST", "/api/threat-level",
                List.of(cookie, "X-CSRF-Token: " + desk.client().cookie("ck_csrf"), "Content-Type: text/plain"), json);
        assertThat(typed.status()).as(typed.body()).isEqualTo(415);
        assertThat(TableDigest.changed(before, TableDigest.of(env.backends().db()))).isEmpty();
    }

    @Test
    void aForgedLogoutCannotEndTheDesksSession() throws Exception {
        RawHttp.Response r = http().send("DELETE", "/api/session", List.of(cookie, "Origin: http://evil.example"), null);
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        RawHttp.Response noHeader = http().send("DELETE", "/api/session", List.of(cookie), null);
        assertThat(noHeader.status()).as(noHeader.body()).isEqualTo(403);
        assertThat(http().get("/api/session", cookie).status()).isEqualTo(200);
    }

    @Test
    void readsNeedNoCsrfHeaderAndTheConsolesOwnWritePasses() throws Exception {
        assertThat(http().get("/api/doors", cookie).status()).isEqualTo(200);
        RawHttp.Response own = http().postJson("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"desk check\"}", cookie,
                "X-CSRF-Token: " + desk.client().cookie("ck_csrf"), "Origin: http://127.0.0.1:" + env.cage().gateway.httpPort(),
                "Sec-Fetch-Site: same-origin");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
    }

    @Test
    void aTokenClientNeedsNoCsrfHeader() throws Exception {
        ApiClient integration = ApiClient.token(() -> env.cage().gateway, Role.SECURITY_DESK);
        RawHttp.Response r = http().postJson("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"integration\"}",
                "Authorization: Bearer " + integration.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Map<String, Object>> audit = new ArrayList<>(env.cage().query(
                "SELECT actor FROM audit_trail WHERE action = 'setThreatLevel' AND outcome = 'DONE' ORDER BY id DESC LIMIT 1"));
        assertThat(audit).extracting(m -> m.get("actor")).containsExactly(integration.actor);
    }
}
