package io.cagekeeper.gateway.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Owns {@code sessions}: browser logins. The cookie carries 256 random bits; only their SHA-256 is
 * stored, so a copy of the database opens no session. A session ends at its absolute expiry, after
 * {@code idle} without a request, at logout, or when its user is disabled or changes password. Kept
 * in PostgreSQL, so a gateway restart logs nobody out.
 */
public final class SessionStore {

    private static final String INSERT = """
            INSERT INTO sessions (id, user_id, csrf_hash, created_at, last_seen_at, expires_at, address, user_agent)
            VALUES ($1, $2, $3, $4, $4, $5, $6, $7)
            """;
    private static final String FIND = """
            SELECT s.id, s.csrf_hash, s.last_seen_at, s.address AS session_address, u.id AS user_id, u.login, u.person_id,
                   u.locale, u.must_change_password, u.created_by,
                   coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
            FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id
            WHERE s.id = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL
            GROUP BY s.id, u.id
            """;
    private static final String TOUCH = "UPDATE sessions SET last_seen_at = $2 WHERE id = $1";
    private static final String DELETE = "DELETE FROM sessions WHERE id = $1";
    private static final String DELETE_USER = "DELETE FROM sessions WHERE user_id = $1";
    private static final String DELETE_USER_BUT = "DELETE FROM sessions WHERE user_id = $1 AND id <> $2";
    private static final String PRUNE = "DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2";

    /** How stale {@code last_seen_at} may get before a request writes it again (one write per minute at most). */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(60);

    private final Pool pool;
    private final Duration idle;
    private final Duration absolute;

    public SessionStore(Pool pool, Duration idle, Duration absolute) {
        this.pool = pool;
        this.idle = idle;
        this.absolute = absolute;
    }

    /** A new session's secrets, handed to the browser once: the cookie value and the CSRF token. */
    public record Opened(String cookie, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Opened[expires " + expiresAt + "]";
        }
    }

    /**
     * Opens a new session (always new values: a session id the browser brought along is never
     * adopted, so a planted cookie cannot become an authenticated one).
     */
    public Future<Opened> open(long userId, String address, String userAgent, Instant now) {
        String cookie = Secrets.newToken();
        String csrf = Secrets.newToken();
        Instant expires = now.plus(absolute);
        String ua = userAgent == null ? null : userAgent.substring(0, Math.min(200, userAgent.length()));
        return pool.preparedQuery(INSERT).execute(Tuple.tuple(java.util.List.of(Secrets.digest(cookie), userId, Secrets.digest(csrf),
                        now.atOffset(ZoneOffset.UTC), expires.atOffset(ZoneOffset.UTC), address)).addValue(ua))
                .map(v -> new Opened(cookie, csrf, expires));
    }

    /** The actor behind a cookie value, if the session is live; refreshes its idle timer. */
    public Future<Optional<Actor>> find(String cookie, String address, Instant now) {
        String id = Secrets.digest(cookie);
        return pool.preparedQuery(FIND).execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC), now.minus(idle).atOffset(ZoneOffset.UTC)))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return Optional.<Actor>empty();
                    }
                    Row r = rs.iterator().next();
                    if (r.getOffsetDateTime("last_seen_at").toInstant().isBefore(now.minus(TOUCH_EVERY))) {
                        pool.preparedQuery(TOUCH).execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC)));
                    }
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    for (String s : r.getArrayOfStrings("roles")) {
                        roles.add(Role.of(s));
                    }
                    return Optional.of(new Actor("user:" + r.getLong("user_id"), r.getString("login"), roles, r.getString("person_id"),
                            id, r.getString("csrf_hash"), address, r.getString("locale"), r.getBoolean("must_change_password"),
                            r.getString("created_by")));
                });
    }

    public Future<Void> close(String sessionId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(sessionId)).mapEmpty();
    }

    /** Ends every session of a user (disabled, password reset by an admin, roles changed). */
    public Future<Void> closeAll(long userId) {
        return pool.preparedQuery(DELETE_USER).execute(Tuple.of(userId)).mapEmpty();
    }

    /** Ends every other session of a user (they changed their own password in this one). */
    public Future<Void> closeOthers(long userId, String keepSessionId) {
        return pool.preparedQuery(DELETE_USER_BUT).execute(Tuple.of(userId, keepSessionId)).mapEmpty();
    }

    public Future<Void> prune(Instant now) {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(now.atOffset(ZoneOffset.UTC), now.minus(idle).atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    public Duration absolute() {
        return absolute;
    }
}
