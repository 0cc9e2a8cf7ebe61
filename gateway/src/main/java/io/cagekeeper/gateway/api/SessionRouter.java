package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.LoginThrottle;
import io.cagekeeper.gateway.auth.Passwords;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.auth.SessionStore;
import io.cagekeeper.gateway.auth.UserStore;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.Authenticator;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;

/**
 * Logging in and out, and changing one's own password. A login always opens a new session with new
 * secrets (and ends the one the browser brought), so a session id planted before login is worthless
 * after it. Failures are throttled by {@link LoginThrottle}; a wrong login and a wrong password get
 * the same answer and cost the same time.
 */
public final class SessionRouter implements ApiResource {

    private final Pool pool;
    private final UserStore users;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final Passwords passwords;
    private final AuditTrail audit;
    private Authenticator auth;

    public SessionRouter(Pool pool, UserStore users, SessionStore sessions, LoginThrottle throttle, Passwords passwords, AuditTrail audit) {
        this.pool = pool;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.passwords = passwords;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        auth = ops.authenticator();
        ops.on("login", this::login)
                .on("currentSession", ctx -> ApiErrors.json(ctx, 200, me(Operations.actor(ctx))))
                .on("logout", this::logout)
                .on("changePassword", this::changePassword)
                .on("setMyLocale", this::setLocale);
    }

    static JsonObject me(Actor a) {
        JsonArray roles = new JsonArray();
        a.roles().stream().map(Role::id).sorted().forEach(roles::add);
        return new JsonObject().put("actor", a.id()).put("login", a.name()).put("roles", roles).put("personId", a.personId())
                .put("locale", a.locale()).put("mustChangePassword", a.mustChangePassword());
    }

    private void login(RoutingContext ctx) {
        JsonObject body = Operations.body(ctx);
        String login = UserStore.fold(body.getString("login"));
        String password = body.getString("password");
        String address = Authenticator.address(ctx);
        Instant now = Instant.now();
        Future<JsonObject> result = throttle.attempt(login, address, now).compose(wait -> {
            if (!wait.isZero()) {
                return throttled(ctx, "anonymous", login, wait, "too many failed logins from this address");
            }
            return users.byLogin(login).compose(found -> {
                var user = found.filter(u -> !u.disabled());
                return passwords.verify(user.map(UserStore.User::passwordHash).orElse(null), password).compose(ok -> {
                    if (!ok || user.isEmpty()) {
                        // the attempt stays counted as a failure
                        return audited(ctx, found.map(UserStore.User::actorId).orElse("anonymous"), login, 401, "wrong login or password")
                                .compose(v -> Future.failedFuture(new BadRequest(401, "wrong login or password")));
                    }
                    UserStore.User u = user.get();
                    var old = ctx.request().getCookie(auth.sessionCookie());
                    Future<Void> endOld = old == null ? Future.succeededFuture()
                            : sessions.close(io.cagekeeper.gateway.auth.Secrets.digest(old.getValue()));
                    return endOld.compose(v -> throttle.succeeded(login, address))
                            .compose(v -> sessions.open(u.id(), address, ctx.request().getHeader("user-agent"), now))
                            .compose(opened -> audit.record(new AuditEntry(u.actorId(), address, "login", "session", u.login(), "DONE",
                                    200, null, null, null, Operations.requestId(ctx))).map(opened))
                            .map(opened -> {
                                auth.setCookies(ctx, opened);
                                return u.toJson().put("actor", u.actorId()).put("expiresAt", opened.expiresAt().toString())
                                        .put("csrfHeader", Operations.CSRF_HEADER).put("csrfCookie", auth.csrfCookie());
                            });
                });
            });
        });
        Replies.reply(ctx, 200, result, "login unavailable");
    }

    /** A 429 with Retry-After, audited as THROTTLED. */
    private <T> Future<T> throttled(RoutingContext ctx, String actor, String login, java.time.Duration wait, String why) {
        ctx.response().putHeader("retry-after", Long.toString(Math.max(1, wait.toSeconds())));
        return audited(ctx, actor, login, 429, why).compose(v ->
                Future.failedFuture(new BadRequest(429, why + ": try again later")));
    }

    private Future<Void> audited(RoutingContext ctx, String actor, String login, int status, String detail) {
        return audit.record(new AuditEntry(actor, Authenticator.address(ctx), "login", "session", login, AuditEntry.outcomeOf(status),
                status, null, null, detail, Operations.requestId(ctx)));
    }

    private void logout(RoutingContext ctx) {
        Actor a = Operations.actor(ctx);
        Future<Void> closed = a.bySession() ? sessions.close(a.sessionId()) : Future.succeededFuture();
        Replies.reply(ctx, 200, closed.compose(v -> audit.record(Replies.done(ctx, "session", a.name(), null, null)))
                .map(v -> {
                    auth.clearCookies(ctx);
                    return new JsonObject().put("loggedOut", true);
                }), "logout unavailable");
    }

    /** The caller's console language, kept with their user (an API token has none: 403). */
    private void setLocale(RoutingContext ctx) {
        Actor a = Operations.actor(ctx);
        if (!a.id().startsWith("user:")) {
            throw new BadRequest(403, "an API token has no language of its own");
        }
        long userId = Long.parseLong(a.id().substring(5));
        String locale = Operations.body(ctx).getString("locale");
        Replies.reply(ctx, 200, pool.withTransaction(c -> users.setLocale(c, userId, locale)
                        .compose(v -> audit.append(c, Replies.done(ctx, "users", Long.toString(userId), new JsonObject().put("locale", a.locale()),
                                new JsonObject().put("locale", locale)))))
                .map(v -> new JsonObject().put("locale", locale)), "language change unavailable");
    }

    private void changePassword(RoutingContext ctx) {
        Actor a = Operations.actor(ctx);
        JsonObject body = Operations.body(ctx);
        String next = body.getString("newPassword");
        if (!a.id().startsWith("user:")) {
            throw new BadRequest(403, "an API token has no password");
        }
        String weak = Passwords.weakness(next);
        if (weak != null) {
            throw new BadRequest(422, weak);
        }
        if (next.equals(body.getString("currentPassword"))) {
            throw new BadRequest(422, "the new password must differ from the current one");
        }
        long userId = Long.parseLong(a.id().substring(5));
        String address = Authenticator.address(ctx);
        // the current password is checked like a login (same counter): a session left open is no oracle for it
        Future<JsonObject> result = throttle.attempt(a.name(), address, Instant.now()).compose(wait -> !wait.isZero()
                        ? throttled(ctx, a.id(), a.name(), wait, "too many wrong current passwords from this address")
                        : users.byId(userId).compose(found -> passwords.verify(found.map(UserStore.User::passwordHash).orElse(null),
                                body.getString("currentPassword"))))
                // 403, not 401: the caller is authenticated (a console treats 401 as a lost session)
                .compose(ok -> ok ? throttle.succeeded(a.name(), address).compose(v -> passwords.hash(next))
                        : Future.failedFuture(new BadRequest(403, "the current password is wrong")))
                .compose(hash -> pool.withTransaction(c -> users.setPassword(c, userId, hash, false)
                        .compose(v -> audit.append(c, Replies.done(ctx, "users", Long.toString(userId), null,
                                new JsonObject().put("passwordChanged", true))))))
                .compose(v -> a.bySession() ? sessions.closeOthers(userId, a.sessionId()) : Future.succeededFuture())
                .map(v -> new JsonObject().put("passwordChanged", true));
        Replies.reply(ctx, 200, result, "password change unavailable");
    }
}
