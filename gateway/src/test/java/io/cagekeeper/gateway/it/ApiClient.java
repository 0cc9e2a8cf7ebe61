package io.cagekeeper.gateway.it;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Passwords;
import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A caller of the gateway's API as a real client would be: either logged in (a cookie jar holding
 * the session and CSRF cookies, the CSRF header echoed on writes) or holding an API token. Users
 * and tokens are made through the gateway's own stores, as an admin would through the API.
 */
final class ApiClient {

    private final Supplier<Gateway> gateway;
    private final HttpClient http;
    private final CookieManager cookies;
    private final String bearer;
    /** The caller's actor id (user:N once logged in, token:N), as the server records it. */
    String actor;

    private ApiClient(Supplier<Gateway> gateway, CookieManager cookies, String bearer, String actor) {
        this.gateway = gateway;
        this.cookies = cookies;
        this.bearer = bearer;
        this.actor = actor;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (cookies != null) {
            b.cookieHandler(cookies);
        }
        this.http = b.build();
    }

    /** Nobody: no session, no token. */
    static ApiClient anonymous(Supplier<Gateway> gateway) {
        return new ApiClient(gateway, new CookieManager(), null, "anonymous");
    }

    /** An API token with {@code roles}, issued straight through the gateway's token store. */
    static ApiClient token(Supplier<Gateway> gateway, Role... roles) throws Exception {
        Gateway g = gateway.get();
        Set<Role> set = roles.length == 0 ? EnumSet.allOf(Role.class) : EnumSet.of(roles[0], roles);
        var issued = g.tokens().issue(g.pool(), "it-" + UUID.randomUUID().toString().substring(0, 8), set, "system:it", null)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new ApiClient(gateway, null, issued.token(), "token:" + issued.id());
    }

    /** Creates a user with {@code roles} and a known password (no change required), then logs in as them. */
    static ApiClient user(Supplier<Gateway> gateway, String login, String personId, Role... roles) throws Exception {
        String password = "it-password-" + UUID.randomUUID();
        createUser(gateway.get(), login, password, personId, roles);
        ApiClient c = anonymous(gateway);
        HttpResponse<String> r = c.login(login, password);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + login + " failed: " + r.statusCode() + " " + r.body());
        }
        c.actor = new JsonObject(r.body()).getString("actor");
        return c;
    }

    /** Inserts a user through the gateway's user store; returns its actor id. */
    static String createUser(Gateway g, String login, String password, String personId, Role... roles) throws Exception {
        Set<Role> set = roles.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.of(roles[0], roles);
        long id = g.pool().withTransaction(c -> g.users().insert(c, login, login, Passwords.hashNow(password), "en", personId, false, set,
                "system:it")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "user:" + id;
    }

    HttpResponse<String> login(String login, String password) throws Exception {
        return post("/api/session", new JsonObject().put("login", login).put("password", password).encode());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, "application/json", json);
    }

    HttpResponse<String> patch(String path, String json) throws Exception {
        return send("PATCH", path, "application/json", json);
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send("DELETE", path, null, null);
    }

    /** Any request; the CSRF header is echoed from the cookie jar, as the console does. */
    HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return sendBytes(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> sendBytes(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        if (bearer != null) {
            b.header("authorization", "Bearer " + bearer);
        }
        String csrf = cookie("ck_csrf");
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON body of a request that must answer {@code status}. */
    JsonObject json(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    String cookie(String name) {
        if (cookies == null) {
            return null;
        }
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(name) && !c.getValue().isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }

    CookieManager cookies() {
        return cookies;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.get().httpPort() + path);
    }

    /** The Authorization header value of a token client (null for a session client). */
    String bearer() {
        return bearer;
    }
}
