package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.auth.TokenStore;
import io.cagekeeper.gateway.http.Authenticator;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * API tokens for integrations. A token carries only roles its creator holds, so an administrator
 * cannot mint a security-desk token to approve their own requests; its value is in the creation
 * answer only (stored as SHA-256), and a revoked token is refused from the next request on.
 */
public final class TokensRouter implements ApiResource {

    private final Pool pool;
    private final TokenStore tokens;
    private final AuditTrail audit;

    public TokensRouter(Pool pool, TokenStore tokens, AuditTrail audit) {
        this.pool = pool;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listTokens", ctx -> Replies.reply(ctx, 200, tokens.list().map(l -> new JsonObject().put("tokens", new JsonArray(l))),
                        "tokens unavailable"))
                .on("createToken", this::create)
                .on("revokeToken", this::revoke);
    }

    private void create(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        JsonObject b = Operations.body(ctx);
        Set<Role> roles = UsersRouter.roles(b.getJsonArray("roles"));
        if (!by.roles().containsAll(roles)) {
            // an attempted escalation: recorded like the gate's own refusals (nothing waits for the row)
            String why = "a token may only carry roles its creator holds";
            audit.record(new AuditEntry(by.id(), Authenticator.address(ctx), Operations.operationId(ctx), "tokens", null, "FORBIDDEN", 403,
                    null, null, why, Operations.requestId(ctx)));
            throw new BadRequest(403, why);
        }
        Instant expires = b.getString("expiresAt") == null ? null : OffsetDateTime.parse(b.getString("expiresAt")).toInstant();
        if (expires != null && !expires.isAfter(Instant.now())) {
            throw new BadRequest(422, "expiresAt must be in the future");
        }
        Future<JsonObject> result = pool.withTransaction(c -> tokens.issue(c, b.getString("name"), roles, by.id(), expires)
                .compose(issued -> tokens.get(c, issued.id()).compose(t -> audit.append(c,
                                Replies.done(ctx, "tokens", Long.toString(issued.id()), null, t.get()))
                        .map(t.get().copy().put("token", issued.token())))));
        Replies.reply(ctx, 201, result, "tokens unavailable");
    }

    private void revoke(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        long id = Long.parseLong(Operations.path(ctx, "id"));
        Future<JsonObject> result = pool.withTransaction(c -> tokens.get(c, id).compose(before -> {
            JsonObject b = before.orElseThrow(() -> new BadRequest(404, "no such token"));
            return tokens.revoke(c, id, by.id(), Instant.now()).compose(done -> done
                    ? tokens.get(c, id).compose(after -> audit.append(c, Replies.done(ctx, "tokens", Long.toString(id), b, after.get()))
                            .map(after.get()))
                    : Future.failedFuture(new BadRequest(409, "token already revoked")));
        }));
        Replies.reply(ctx, 200, result, "tokens unavailable");
    }
}
