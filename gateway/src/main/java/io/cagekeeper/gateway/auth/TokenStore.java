package io.cagekeeper.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Owns {@code api_tokens}: credentials for integrations (an HR feed, a ticketing system). A token is
 * {@code ckt_} + 256 random bits, shown once at creation; only its SHA-256 is stored. Its roles are
 * fixed at creation (a subset of its creator's); it works until revoked or expired, and records when
 * and from where it was last used.
 */
public final class TokenStore {

    /** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
    public static final String PREFIX = "ckt_";

    private static final String INSERT = """
            INSERT INTO api_tokens (name, token_hash, roles, created_by, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at
            """;
    /**
     * A live token with its effective roles: those it was given that its creator still holds. A
     * token created by a user who is since disabled is dead, and one whose creator lost a role loses
     * it too, so a token never outlives the authority it was minted from. (Tokens created by the
     * gateway itself, {@code system:…}, keep their roles.)
     */
    private static final String FIND = """
            SELECT t.id, t.name, t.last_used_at, t.created_by,
                   CASE WHEN t.created_by LIKE 'user:%'
                        THEN coalesce(ARRAY(SELECT r.role FROM user_roles r
                                            WHERE r.user_id = u.id AND r.role = ANY (t.roles) ORDER BY r.role), '{}')
                        ELSE t.roles END AS roles
            FROM api_tokens t
            LEFT JOIN users u ON t.created_by = 'user:' || u.id
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
              AND (t.created_by NOT LIKE 'user:%' OR (u.id IS NOT NULL AND u.disabled_at IS NULL))
            """;
    private static final String TOUCH = "UPDATE api_tokens SET last_used_at = $2, last_used_from = $3 WHERE id = $1";
    private static final String REVOKE = "UPDATE api_tokens SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL";
    private static final String LIST = """
            SELECT id, name, roles, created_at, created_by, expires_at, last_used_at, last_used_from, revoked_at, revoked_by
            FROM api_tokens ORDER BY id
            """;
    private static final String ONE = LIST.replace("ORDER BY id", "WHERE id = $1");
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(60);

    private final Pool pool;

    public TokenStore(Pool pool) {
        this.pool = pool;
    }

    /** A new token: the value is in this object only, once. */
    public record Issued(long id, String token, Instant createdAt) {
        @Override
        public String toString() {
            return "Issued[" + id + "]";
        }
    }

    public Future<Issued> issue(SqlClient c, String name, Set<Role> roles, String createdBy, Instant expiresAt) {
        String token = PREFIX + Secrets.newToken();
        return c.preparedQuery(INSERT).execute(Tuple.of(name, Secrets.digest(token), roles.stream().map(Role::id).sorted().toArray(String[]::new),
                        createdBy, expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC)))
                .map(rs -> {
                    Row r = rs.iterator().next();
                    return new Issued(r.getLong("id"), token, r.getOffsetDateTime("created_at").toInstant());
                });
    }

    /** The actor behind a presented token, if it is live; records its use (at most once a minute). */
    public Future<Optional<Actor>> find(String token, String address, Instant now) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Future.succeededFuture(Optional.empty());
        }
        return pool.preparedQuery(FIND).execute(Tuple.of(Secrets.digest(token), now.atOffset(ZoneOffset.UTC))).map(rs -> {
            if (rs.size() == 0) {
                return Optional.<Actor>empty();
            }
            Row r = rs.iterator().next();
            if (r.getArrayOfStrings("roles").length == 0) {
                return Optional.<Actor>empty(); // its creator holds none of its roles any more
            }
            OffsetDateTime last = r.getOffsetDateTime("last_used_at");
            if (last == null || last.toInstant().isBefore(now.minus(TOUCH_EVERY))) {
                pool.preparedQuery(TOUCH).execute(Tuple.of(r.getLong("id"), now.atOffset(ZoneOffset.UTC), address));
            }
            return Optional.of(new Actor("token:" + r.getLong("id"), r.getString("name"), roles(r), null, null, null, address, "en",
                    false, r.getString("created_by")));
        });
    }

    /** True when the token was live and is now revoked; false when unknown or already revoked. */
    public Future<Boolean> revoke(SqlClient c, long id, String by, Instant at) {
        return c.preparedQuery(REVOKE).execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC), by)).map(rs -> rs.rowCount() == 1);
    }

    public Future<List<JsonObject>> list() {
        return pool.query(LIST).execute().map(rs -> {
            List<JsonObject> out = new ArrayList<>();
            rs.forEach(r -> out.add(json(r)));
            return out;
        });
    }

    public Future<Optional<JsonObject>> get(SqlClient c, long id) {
        return c.preparedQuery(ONE).execute(Tuple.of(id)).map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(json(rs.iterator().next())));
    }

    private static Set<Role> roles(Row r) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String s : r.getArrayOfStrings("roles")) {
            roles.add(Role.of(s));
        }
        return roles;
    }

    /** A token as the API lists it: never its value nor its hash. */
    private static JsonObject json(Row r) {
        JsonArray roles = new JsonArray();
        roles(r).stream().map(Role::id).sorted().forEach(roles::add);
        return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name")).put("roles", roles)
                .put("createdAt", text(r.getOffsetDateTime("created_at"))).put("createdBy", r.getString("created_by"))
                .put("expiresAt", text(r.getOffsetDateTime("expires_at"))).put("lastUsedAt", text(r.getOffsetDateTime("last_used_at")))
                .put("lastUsedFrom", r.getString("last_used_from"))
                .put("revokedAt", text(r.getOffsetDateTime("revoked_at"))).put("revokedBy", r.getString("revoked_by"));
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
