package io.cagekeeper.gateway.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/**
 * The validation layer every router of the API shares: {@link #guard} goes in front of all routes,
 * {@link #errors} behind them; bodies are read with {@link JsonBody}, answers written with
 * {@link ApiErrors}. A resource router only adds its routes in between.
 */
public final class ApiLayer {

    private ApiLayer() {
    }

    /**
     * Security headers on whatever answers, then the request target read strictly
     * ({@link RequestTarget}), then a browser's cross-origin write refused (403): the API has no
     * sessions yet, so a page on another site must not be able to make the desk's browser acknowledge
     * an alarm or lower the threat level (the session's CSRF token is the second line of that defence).
     */
    public static void guard(Router router) {
        guard(router, java.util.Set.of(), new Admission(Integer.MAX_VALUE));
    }

    /**
     * As {@link #guard(Router)}, and a request whose {@code Host} names neither a loopback name nor one
     * of {@code allowedHosts} is refused (403) before anything else: a page on a domain that the
     * attacker re-points at the gateway's address (DNS rebinding) gets nothing, not even the console.
     * An API request beyond the {@link Admission} limit is answered 503 before any work is done for it.
     */
    public static void guard(Router router, java.util.Set<String> allowedHosts, Admission admission) {
        router.route().handler(ctx -> {
            SecurityHeaders.apply(ctx.response());
            var authority = ctx.request().authority();
            if (authority == null || !hostAllowed(authority.host(), allowedHosts)) {
                throw new BadRequest(403, "unknown host name (not in http.allowedHosts)");
            }
            if (ctx.request().path().startsWith("/api/")) {
                ctx.response().putHeader("cache-control", "no-store");
                admission.admit(ctx);
            }
            RequestTarget.check(ctx.request().path(), ctx.request().query());
            if (crossOriginWrite(ctx)) {
                throw new BadRequest(403, "cross-origin request refused");
            }
            ctx.next();
        });
    }

    /** JSON errors for every failure and for the router's own 404 and 405. */
    public static void errors(Router router) {
        router.route().failureHandler(ApiErrors::failure);
        for (int status : new int[] {400, 404, 405, 413, 414, 415, 431, 500}) {
            router.errorHandler(status, ctx -> {
                if (ctx.failure() != null) {
                    ApiErrors.failure(ctx);
                } else {
                    ApiErrors.error(ctx, status, ApiErrors.message(status));
                }
            });
        }
    }

    /** The request's host name (from Host or :authority, without port or IPv6 brackets) is a loopback name or an allowed one. */
    static boolean hostAllowed(String host, java.util.Set<String> allowed) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost") || name.equals("::1") || name.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")
                || allowed.contains(name);
    }

    private static boolean crossOriginWrite(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
            return false;
        }
        if ("cross-site".equals(ctx.request().getHeader("sec-fetch-site"))) {
            return true;
        }
        String origin = ctx.request().getHeader("origin");
        if (origin == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            var a = ctx.request().authority();
            return a == null || !sameOrigin(o, a.host(), a.port(), ctx.request().isSSL());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** The Origin names this server: same scheme, host and port, a missing port being the scheme's default. */
    static boolean sameOrigin(URI origin, String host, int port, boolean tls) {
        if (origin.getHost() == null || origin.getScheme() == null) {
            return false;
        }
        String scheme = origin.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals(tls ? "https" : "http")) {
            return false;
        }
        int defaultPort = tls ? 443 : 80;
        int originPort = origin.getPort() < 0 ? defaultPort : origin.getPort();
        int requestPort = port < 0 ? defaultPort : port;
        String oh = origin.getHost().toLowerCase(java.util.Locale.ROOT).replace("[", "").replace("]", "");
        String rh = host.toLowerCase(java.util.Locale.ROOT).replace("[", "").replace("]", "");
        return oh.equals(rh) && originPort == requestPort;
    }
}
