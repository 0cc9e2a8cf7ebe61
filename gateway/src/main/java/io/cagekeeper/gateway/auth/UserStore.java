package io.cagekeeper.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Owns {@code users} and {@code user_roles}. Logins are stored case-folded; a disabled user keeps
 * its row (the audit trail refers to it) but cannot log in, and its sessions are ended by the caller.
 */
public final class UserStore {

    private static final String BY_LOGIN = """
            SELECT u.id, u.login, u.display_name, u.password_hash, u.locale, u.person_id, u.must_change_password,
                   u.created_at, u.created_by, u.disabled_at, coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
            FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
            WHERE u.login = $1 GROUP BY u.id
            """;
    private static final String BY_ID = BY_LOGIN.replace("WHERE u.login = $1", "WHERE u.id = $1");
    private static final String LIST = BY_LOGIN.replace("WHERE u.login = $1 GROUP BY u.id", "GROUP BY u.id ORDER BY u.id");
    private static final String INSERT = """
            INSERT INTO users (login, display_name, password_hash, locale, person_id, must_change_password, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """;
    private static final String ADD_ROLE = "INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    private static final String CLEAR_ROLES = "DELETE FROM user_roles WHERE user_id = $1";
    private static final String SET_PASSWORD = "UPDATE users SET password_hash = $2, must_change_password = $3 WHERE id = $1";
    private static final String UPDATE = """
            UPDATE users SET display_name = $2, locale = $3, person_id = $4 WHERE id = $1
            """;
    private static final String DISABLE = "UPDATE users SET disabled_at = $2, disabled_by = $3 WHERE id = $1 AND disabled_at IS NULL";
    private static final String ENABLE = "UPDATE users SET disabled_at = NULL, disabled_by = NULL WHERE id = $1";
    private static final String ADMINS = """
            SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin' AND u.disabled_at IS NULL
            """;
    private static final String COUNT = "SELECT count(*) FROM users";

    private final Pool pool;

    public UserStore(Pool pool) {
        this.pool = pool;
    }

    /** A stored user; {@code passwordHash} never leaves the server (see {@link #toJson}). */
    public record User(long id, String login, String displayName, String passwordHash, String locale, String personId,
                       boolean mustChangePassword, Instant createdAt, String createdBy, Instant disabledAt, Set<Role> roles) {

        public String actorId() {
            return "user:" + id;
        }

        public boolean disabled() {
            return disabledAt != null;
        }

        /** The user as the API shows it: no password hash. */
        public JsonObject toJson() {
            JsonArray r = new JsonArray();
            roles.stream().map(Role::id).sorted().forEach(r::add);
            return new JsonObject().put("id", id).put("login", login).put("displayName", displayName).put("locale", locale)
                    .put("personId", personId).put("roles", r).put("mustChangePassword", mustChangePassword)
                    .put("createdAt", createdAt.toString()).put("createdBy", createdBy)
                    .put("disabledAt", disabledAt == null ? null : disabledAt.toString());
        }
    }

    /** Case-folds a login as it is stored. */
    public static String fold(String login) {
        return login == null ? null : login.trim().toLowerCase(java.util.Locale.ROOT);
    }

    public Future<Optional<User>> byLogin(String login) {
        return pool.preparedQuery(BY_LOGIN).execute(Tuple.of(fold(login))).map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(user(rs.iterator().next())));
    }

    public Future<Optional<User>> byId(long id) {
        return byId(pool, id);
    }

    public Future<Optional<User>> byId(SqlClient c, long id) {
        return c.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(user(rs.iterator().next())));
    }

    public Future<List<User>> list() {
        return pool.query(LIST).execute().map(rs -> {
            List<User> out = new ArrayList<>();
            rs.forEach(r -> out.add(user(r)));
            return out;
        });
    }

    /** Inserts a user with its roles (in {@code c}'s transaction); returns its id. 23505 = login taken. */
    public Future<Long> insert(SqlClient c, String login, String displayName, String passwordHash, String locale, String personId,
                               boolean mustChange, Set<Role> roles, String createdBy) {
        return c.preparedQuery(INSERT).execute(Tuple.tuple(List.of(fold(login), displayName, passwordHash, locale))
                        .addValue(personId).addValue(mustChange).addValue(createdBy))
                .map(rs -> rs.iterator().next().getLong(0))
                .compose(id -> setRoles(c, id, roles).map(id));
    }

    public Future<Void> setRoles(SqlClient c, long userId, Set<Role> roles) {
        Future<?> f = c.preparedQuery(CLEAR_ROLES).execute(Tuple.of(userId));
        for (Role r : roles) {
            f = f.compose(v -> c.preparedQuery(ADD_ROLE).execute(Tuple.of(userId, r.id())));
        }
        return f.mapEmpty();
    }

    public Future<Void> setPassword(SqlClient c, long userId, String hash, boolean mustChange) {
        return c.preparedQuery(SET_PASSWORD).execute(Tuple.of(userId, hash, mustChange)).mapEmpty();
    }

    /** The user's own console language (en or ja; the column's check refuses any other). */
    public Future<Void> setLocale(SqlClient c, long userId, String locale) {
        return c.preparedQuery("UPDATE users SET locale = $2 WHERE id = $1").execute(Tuple.of(userId, locale)).mapEmpty();
    }

    public Future<Void> update(SqlClient c, long userId, String displayName, String locale, String personId) {
        return c.preparedQuery(UPDATE).execute(Tuple.of(userId, displayName, locale, personId)).mapEmpty();
    }

    public Future<Void> setDisabled(SqlClient c, long userId, boolean disabled, String by, Instant at) {
        return (disabled ? c.preparedQuery(DISABLE).execute(Tuple.of(userId, at.atOffset(ZoneOffset.UTC), by))
                : c.preparedQuery(ENABLE).execute(Tuple.of(userId))).mapEmpty();
    }

    /** Enabled users holding the admin role. */
    public Future<Long> activeAdmins(SqlClient c) {
        return c.query(ADMINS).execute().map(rs -> rs.iterator().next().getLong(0));
    }

    public Future<Long> count() {
        return pool.query(COUNT).execute().map(rs -> rs.iterator().next().getLong(0));
    }

    static User user(Row r) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String s : r.getArrayOfStrings("roles")) {
            roles.add(Role.of(s));
        }
        return new User(r.getLong("id"), r.getString("login"), r.getString("display_name"), r.getString("password_hash"),
                r.getString("locale"), r.getString("person_id"), r.getBoolean("must_change_password"),
                instant(r.getOffsetDateTime("created_at")), r.getString("created_by"), instant(r.getOffsetDateTime("disabled_at")),
                roles);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
