package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.pki.PkiCommand;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway with an HTTPS certificate from {@code pki issue-server} and {@code http.allowedHosts =
 * cage.example}: it serves HTTPS only, its session cookie is {@code Secure} with the {@code __Host-}
 * prefix (a sibling host or a plain-HTTP page cannot plant or overwrite it), and a request naming a
 * host that is neither loopback nor allowed is refused (403) on the API and the console alike — what a
 * DNS-rebinding page would send.
 */
class TlsAndHostIT {

    static final Path PKI = pki();

    @RegisterExtension
    static final CageExtension env = new CageExtension(Map.of("http.tls.cert", PKI.resolve("server.crt").toString(),
            "http.tls.key", PKI.resolve("server-key.pem").toString(), "http.allowedHosts", "cage.example"));

    private static Path pki() {
        try {
            Path dir = Files.createTempDirectory("cagekeeper-it-pki");
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            for (String[] args : List.of(new String[] {"init-ca", "--dir", dir.toString(), "--site", "it"},
                    new String[] {"issue-server", "--dir", dir.toString(), "--host", "cage.example,127.0.0.1,localhost"})) {
                if (PkiCommand.run(args, quiet, quiet) != 0) {
                    throw new IllegalStateException("pki " + String.join(" ", args) + " failed");
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TLS trusting the site CA only. */
    private static SSLSocketFactory tls() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(PKI.resolve("ca.crt"))) {
            trust.setCertificateEntry("site-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private static RawHttp https() throws Exception {
        return new RawHttp("127.0.0.1", env.cage().gateway.httpPort(), null, tls());
    }

    @Test
    void theGatewayServesHttpsAndItsSessionCookieIsSecureWithTheHostPrefix() throws Exception {
        String password = "a password for TLS " + java.util.UUID.randomUUID();
        ApiClient.createUser(env.cage().gateway, "tls-desk", password, null, Role.SECURITY_DESK);
        RawHttp.Response login = https().postJson("/api/session", new JsonObject().put("login", "tls-desk").put("password", password).encode());
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.setCookie("ck_session")).isNull();
        String session = login.setCookie("__Host-ck_session");
        assertThat(session).containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict")
                .contains("; Path=/").doesNotContainIgnoringCase("Domain=");
        assertThat(login.setCookie("__Host-ck_csrf")).containsIgnoringCase("; Secure").doesNotContainIgnoringCase("HttpOnly");
        assertThat(login.json().getString("csrfCookie")).isEqualTo("__Host-ck_csrf");
        String cookie = "Cookie: __Host-ck_session=" + login.cookieValue("__Host-ck_session");
        assertThat(https().get("/api/session", cookie).status()).isEqualTo(200);
        // the same value under the unprefixed name (a cookie a plain-HTTP page could have set) is not the session
        assertThat(https().get("/api/session", "Cookie: ck_session=" + login.cookieValue("__Host-ck_session")).status()).isEqualTo(401);
        RawHttp.Response write = https().postJson("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"over TLS\"}", cookie,
                "X-CSRF-Token: " + login.cookieValue("__Host-ck_csrf"));
        assertThat(write.status()).as(write.body()).isEqualTo(200);
    }

    @Test
    void plainHttpIsNotAnsweredOnTheTlsPort() {
        boolean answered;
        try {
            answered = RawHttp.from(null, env.cage().gateway.httpPort()).get("/api/health").status() == 200;
        } catch (IOException | RuntimeException e) {
            answered = false;
        }
        assertThat(answered).isFalse();
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedOnTheApiTheConsoleAndTheDocument() throws Exception {
        for (String host : List.of("evil.example", "evil.example:" + env.cage().gateway.httpPort(), "cage.example.evil.example",
                "127.0.0.1.nip.io", "localhost.evil.example", "")) {
            for (String path : List.of("/api/health", "/", "/console.js", "/openapi.yaml", "/api/session")) {
                RawHttp.Response r = https().get(path, "Host: " + host);
                assertThat(r.status()).as(host + " " + path + ": " + r.body()).isEqualTo(403);
                assertThat(r.body()).doesNotContain("<html").doesNotContain("openapi:");
            }
            RawHttp.Response login = https().postJson("/api/session", "{\"login\":\"admin\",\"password\":\"x\"}", "Host: " + host);
            assertThat(login.status()).isEqualTo(403);
        }
    }

    @Test
    void aRequestForAnAllowedOrLoopbackHostNamePasses() throws Exception {
        for (String host : List.of("cage.example", "CAGE.example:" + env.cage().gateway.httpPort(), "127.0.0.1", "localhost")) {
            assertThat(https().get("/", "Host: " + host).status()).as(host).isEqualTo(200);
            RawHttp.Response health = https().get("/api/health", "Host: " + host);
            assertThat(health.status()).as(host + ": " + health.body()).isIn(200, 503);
            assertThat(health.json().containsKey("status")).isTrue();
        }
    }
}
