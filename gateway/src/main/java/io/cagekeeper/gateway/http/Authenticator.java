package io.cagekeeper.gateway.http;

import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.SessionStore;
import io.cagekeeper.gateway.auth.TokenStore;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;

/**
 * Establishes who is calling: an {@code Authorization: Bearer ckt_…} API token, or the session
 * cookie a login set. Nothing in the request's body or query can name the caller. The cookies are
 * {@code HttpOnly} (the session; the CSRF cookie must be readable by the console's script),
 * {@code SameSite=Strict}, and {@code Secure} with the {@code __Host-} prefix when served over TLS.
 */
public final class Authenticator {

    private final SessionStore sessions;
    private final TokenStore tokens;
    private final boolean tls;

    public Authenticator(SessionStore sessions, TokenStore tokens, boolean tls) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.tls = tls;
    }

    /** The session cookie's name: {@code __Host-} prefixed over TLS (no Domain, Path=/, Secure enforced by browsers). */
    public String sessionCookie() {
        return tls ? "__Host-ck_session" : "ck_session";
    }

    /** The cookie the console reads to echo in {@code X-CSRF-Token}. */
    public String csrfCookie() {
        return tls ? "__Host-ck_csrf" : "ck_csrf";
    }

    /**
     * The caller, if the request carries a live token or session; empty for anonymous (or dead)
     * credentials. The database decides whenever it answers, so a logout, a revoked token or a
     * disabled user bite at the next request. While it does not answer, a credential it confirmed
     * within {@link #OUTAGE_GRACE} is still recognised for reads ({@code readOnly}), so the desk keeps
     * its door board and alarms through a database outage; nothing can be changed then anyway.
     */
    public Future<Optional<Actor>> resolve(RoutingContext ctx, boolean readOnly) {
        String address = address(ctx);
        String authorization = ctx.request().getHeader("authorization");
        String secret;
        Future<Optional<Actor>> found;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Future.succeededFuture(Optional.empty());
            }
            secret = authorization.substring(7).trim();
            found = tokens.find(secret, address, Instant.now());
        } else {
            Cookie c = ctx.request().getCookie(sessionCookie());
            if (c == null || c.getValue().isEmpty() || c.getValue().length() > 100) {
                return Future.succeededFuture(Optional.empty());
            }
            secret = c.getValue();
            found = sessions.find(secret, address, Instant.now());
        }
        String key = io.cagekeeper.gateway.auth.Secrets.digest(secret);
        return found.map(a -> {
            synchronized (confirmed) {
                if (a.isPresent()) {
                    confirmed.put(key, new Confirmed(a.get(), Instant.now()));
                } else {
                    confirmed.remove(key);
                }
            }
            return a;
        }).recover(e -> {
            Confirmed last;
            synchronized (confirmed) {
                last = confirmed.get(key);
            }
            if (readOnly && last != null && last.at().isAfter(Instant.now().minus(OUTAGE_GRACE))) {
                return Future.succeededFuture(Optional.of(last.actor()));
            }
            return Future.failedFuture(e);
        });
    }

    /** How long a credential the database confirmed is still recognised for reads while the database is unreachable. */
    public static final java.time.Duration OUTAGE_GRACE = java.time.Duration.ofMinutes(10);

    private record Confirmed(Actor actor, Instant at) {
    }

    /** Credentials the database last confirmed, by digest (bounded: the least recently confirmed go first). */
    private final java.util.Map<String, Confirmed> confirmed = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Confirmed> eldest) {
            return size() > 10_000;
        }
    };

    /** Sets the session and CSRF cookies of a new login (session cookie HttpOnly; both SameSite=Strict, Path=/). */
    public void setCookies(RoutingContext ctx, SessionStore.Opened opened) {
        long maxAge = sessions.absolute().toSeconds();
        ctx.response().addCookie(Cookie.cookie(sessionCookie(), opened.cookie()).setPath("/").setHttpOnly(true).setSecure(tls)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge));
        ctx.response().addCookie(Cookie.cookie(csrfCookie(), opened.csrfToken()).setPath("/").setHttpOnly(false).setSecure(tls)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge));
    }

    /** Expires both cookies (logout). */
    public void clearCookies(RoutingContext ctx) {
        ctx.response().addCookie(Cookie.cookie(sessionCookie(), "").setPath("/").setHttpOnly(true).setSecure(tls)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
        ctx.response().addCookie(Cookie.cookie(csrfCookie(), "").setPath("/").setHttpOnly(false).setSecure(tls)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
    }

    /** The peer's address as the socket saw it (no X-Forwarded-For: the gateway trusts no proxy header). */
    public static String address(RoutingContext ctx) {
        var a = ctx.request().remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }
}
