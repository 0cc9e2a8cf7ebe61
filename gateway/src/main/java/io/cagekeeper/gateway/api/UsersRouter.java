package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.Passwords;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.auth.Secrets;
import io.cagekeeper.gateway.auth.SessionStore;
import io.cagekeeper.gateway.auth.UserStore;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Users and their roles (admin). A new user, or one whose password an admin reset, gets a one-time
 * password shown once in the answer and must change it before doing anything else. Disabling a user
 * or changing their roles ends their sessions at once; the last enabled admin cannot be disabled or
 * demoted, so a site can never lock itself out of its own administration.
 */
public final class UsersRouter implements ApiResource {

    private final Pool pool;
    private final UserStore users;
    private final SessionStore sessions;
    private final Passwords passwords;
    private final AuditTrail audit;

    public UsersRouter(Pool pool, UserStore users, SessionStore sessions, Passwords passwords, AuditTrail audit) {
        this.pool = pool;
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listUsers", this::list)
                .on("createUser", this::create)
                .on("getUser", this::get)
                .on("updateUser", this::update)
                .on("resetUserPassword", this::resetPassword);
    }

    private void list(RoutingContext ctx) {
        Replies.reply(ctx, 200, users.list().map(l -> new JsonObject().put("users",
                new JsonArray(l.stream().map(UserStore.User::toJson).toList()))), "users unavailable");
    }

    private void get(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        Replies.reply(ctx, 200, users.byId(id).map(u -> u.orElseThrow(() -> new BadRequest(404, "no such user")).toJson()),
                "users unavailable");
    }

    static Set<Role> roles(JsonArray a) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        a.forEach(r -> roles.add(Role.of(String.valueOf(r))));
        return roles;
    }

    private void create(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        JsonObject b = Operations.body(ctx);
        String oneTime = Secrets.newPassword();
        Set<Role> roles = roles(b.getJsonArray("roles"));
        Future<JsonObject> result = passwords.hash(oneTime).compose(hash -> pool.withTransaction(c ->
                users.insert(c, b.getString("login"), b.getString("displayName"), hash, b.getString("locale", "en"),
                                b.getString("personId"), true, roles, by.id())
                        .compose(id -> users.byId(c, id))
                        .compose(u -> audit.append(c, Replies.done(ctx, "users", Long.toString(u.get().id()), null, u.get().toJson()))
                                .map(u.get().toJson().put("oneTimePassword", oneTime)))));
        Replies.reply(ctx, 201, result, "users unavailable");
    }

    private void update(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        long id = Long.parseLong(Operations.path(ctx, "id"));
        JsonObject b = Operations.body(ctx);
        Future<JsonObject> result = pool.withTransaction(c -> users.byId(c, id).compose(found -> {
            UserStore.User u = found.orElseThrow(() -> new BadRequest(404, "no such user"));
            if (u.actorId().equals(by.id()) && (b.containsKey("roles") && !roles(b.getJsonArray("roles")).equals(u.roles())
                    || b.containsKey("personId") || Boolean.TRUE.equals(b.getBoolean("disabled")))) {
                // an admin who could give themselves the desk role, or become a badge holder, would need nobody else
                throw new BadRequest(403, "nobody changes their own roles or badge holder: another administrator must");
            }
            Set<Role> roles = b.containsKey("roles") ? roles(b.getJsonArray("roles")) : u.roles();
            boolean disable = b.getBoolean("disabled", u.disabled());
            boolean losesAdmin = u.roles().contains(Role.ADMIN) && !u.disabled() && (!roles.contains(Role.ADMIN) || disable);
            Future<Void> check = !losesAdmin ? Future.succeededFuture() : users.activeAdmins(c).compose(n -> n <= 1
                    ? Future.failedFuture(new BadRequest(409, "the last enabled administrator cannot be disabled or lose the admin role"))
                    : Future.succeededFuture());
            return check
                    .compose(v -> users.update(c, id, b.getString("displayName", u.displayName()), b.getString("locale", u.locale()),
                            b.containsKey("personId") ? b.getString("personId") : u.personId()))
                    .compose(v -> b.containsKey("roles") ? users.setRoles(c, id, roles) : Future.succeededFuture())
                    .compose(v -> disable != u.disabled() ? users.setDisabled(c, id, disable, by.id(), Instant.now()) : Future.succeededFuture())
                    .compose(v -> users.byId(c, id))
                    .compose(after -> audit.append(c, Replies.done(ctx, "users", Long.toString(id), u.toJson(), after.get().toJson()))
                            .map(after.get().toJson()))
                    .compose(json -> disable || b.containsKey("roles") ? sessions.closeAll(id).map(json) : Future.succeededFuture(json));
        }));
        Replies.reply(ctx, 200, result, "users unavailable");
    }

    private void resetPassword(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        String oneTime = Secrets.newPassword();
        Future<JsonObject> result = passwords.hash(oneTime).compose(hash -> pool.withTransaction(c -> users.byId(c, id).compose(found -> {
            UserStore.User u = found.orElseThrow(() -> new BadRequest(404, "no such user"));
            return users.setPassword(c, id, hash, true)
                    .compose(v -> audit.append(c, Replies.done(ctx, "users", Long.toString(id), null,
                            new JsonObject().put("passwordReset", true))))
                    .map(v -> u);
        }))).compose(u -> sessions.closeAll(id).map(v -> u.toJson().put("mustChangePassword", true).put("oneTimePassword", oneTime)));
        Replies.reply(ctx, 200, result, "users unavailable");
    }

    static void json(RoutingContext ctx, JsonObject o) {
        ApiErrors.json(ctx, 200, o);
    }
}
