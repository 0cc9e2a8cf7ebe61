package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.Authenticator;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How resource routers answer: a result as JSON, a {@link BadRequest} as its status and message, any
 * other failure as 503 with a plain message (logged here with the cause, never sent).
 */
public final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /** Answers {@code status} with the future's JSON, or the failure's error. */
    public static void reply(RoutingContext ctx, int status, Future<JsonObject> result, String unavailable) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                ApiErrors.json(ctx, status, ar.result());
            } else if (ar.cause() instanceof BadRequest b) {
                Operations.recordRefusal(ctx, b.status(), b.getMessage());
                ApiErrors.error(ctx, b.status(), b.getMessage());
            } else if (Conflicts.isConflict(ar.cause())) {
                Operations.recordRefusal(ctx, 409, Conflicts.message(ar.cause()));
                ApiErrors.error(ctx, 409, Conflicts.message(ar.cause()));
            } else {
                LOG.error("{} {}: {}", ctx.request().method(), ctx.request().path(), ar.cause().toString());
                ApiErrors.error(ctx, 503, unavailable);
            }
        });
    }

    /** A DONE audit row for this request, for the change it made. */
    public static AuditEntry done(RoutingContext ctx, String resource, String resourceId, JsonObject before, JsonObject after) {
        Actor a = Operations.actor(ctx);
        return AuditEntry.done(a == null ? "anonymous" : a.id(), Authenticator.address(ctx), Operations.operationId(ctx), resource, resourceId, before, after, Operations.requestId(ctx));
    }
}
