package io.cagekeeper.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;

/**
 * The handlers a route taking a JSON body puts in front of its own: the body read into memory up to
 * {@link #LIMIT} bytes (more: 413; uploads are never written to disk), then {@code content-type}
 * checked (not JSON: 415, which also stops a cross-site HTML form from posting here) and the body
 * read by {@link StrictJson} with the members the route takes (400 otherwise). The route's handler
 * then finds the object with {@link #of}.
 */
public final class JsonBody {

    public static final int LIMIT = 4096;
    static final String KEY = "cagekeeper.jsonBody";

    private JsonBody() {
    }

    /** {@code route.handler(JsonBody.reader()).handler(JsonBody.taking("by", "comment")).handler(...)}. */
    public static Handler<RoutingContext> reader() {
        return BodyHandler.create(false).setBodyLimit(LIMIT).setHandleFileUploads(false);
    }

    public static Handler<RoutingContext> taking(String... members) {
        Set<String> allowed = Set.of(members);
        return ctx -> {
            String type = ctx.request().getHeader("content-type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).strip().matches("application/json\\s*(;.*)?")) {
                throw new BadRequest(415, ApiErrors.message(415));
            }
            ctx.put(KEY, StrictJson.object(ctx.body().buffer(), allowed));
            ctx.next();
        };
    }

    public static JsonObject of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
