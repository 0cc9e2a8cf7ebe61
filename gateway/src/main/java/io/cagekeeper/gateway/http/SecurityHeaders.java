package io.cagekeeper.gateway.http;

import io.vertx.core.http.HttpServerResponse;

/**
 * Headers on every response. The console is a page an operator keeps open at the security desk, so
 * it must not be framed by another site (clickjacking an "acknowledge" or "clear"), must run only its
 * own same-origin script (no inline script or style: an injected string cannot become code), and its
 * responses must not be sniffed into another type or leak the URL as a referrer.
 */
public final class SecurityHeaders {

    /** No inline script or style, nothing from elsewhere; fetches to this origin only; never framed. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    public static void apply(HttpServerResponse r) {
        r.putHeader("content-security-policy", CSP)
                .putHeader("x-frame-options", "DENY")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("cross-origin-opener-policy", "same-origin")
                .putHeader("cross-origin-resource-policy", "same-origin");
    }
}
