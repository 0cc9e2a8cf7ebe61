package io.cagekeeper.gateway.auth;

import java.util.Collection;
import java.util.Set;

/**
 * Who is making a request, as the server established it (a session cookie or an API token), never as
 * the request says. {@link #id} is what every "by" column and audit row records: {@code user:<id>} or
 * {@code token:<id>}; {@code system:<rule>} for what the gateway does by itself.
 *
 * @param name       the login or the token's name, for people reading the trail
 * @param personId   the badge holder the user is (null when none): separation of duties compares it
 * @param sessionId  the session's stored id (SHA-256 of the cookie) when the caller logged in, else null
 * @param csrfHash   SHA-256 of the session's CSRF token (null for tokens: a browser never sends those by itself)
 * @param createdBy  the actor that created this user or token (a decision by a user its requester created is refused)
 */
public record Actor(String id, String name, Set<Role> roles, String personId, String sessionId, String csrfHash,
                    String address, String locale, boolean mustChangePassword, String createdBy) {

    public Actor {
        roles = Set.copyOf(roles);
    }

    /** An actor for what the gateway does by itself (an expiry, an HR rule, a visit not checked out). */
    public static Actor system(String rule) {
        return new Actor("system:" + rule, rule, Set.of(), null, null, null, null, "en", false, null);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Collection<Role> wanted) {
        for (Role r : wanted) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** True when the caller authenticated with a browser session (and so must prove CSRF on writes). */
    public boolean bySession() {
        return sessionId != null;
    }

    /** Never prints the session id or the CSRF hash. */
    @Override
    public String toString() {
        return "Actor[" + id + " " + name + " " + roles + "]";
    }
}
