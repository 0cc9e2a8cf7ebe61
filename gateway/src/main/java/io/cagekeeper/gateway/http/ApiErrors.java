package io.cagekeeper.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's one way to answer: every response is JSON with the security headers, and every error
 * is {@code {"error": "<plain message>"}} with its status, whatever produced it (a handler, the
 * body reader, the router finding no route or no method, the HTTP codec refusing an over-long
 * request line or header). A stack trace or an exception's own message never reaches the client:
 * they can quote the input or the internals; a 5xx is logged here instead.
 */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        send(ctx.response(), status, body);
    }

    public static void error(RoutingContext ctx, int status, String message) {
        send(ctx.response(), status, new JsonObject().put("error", message));
    }

    private static void send(HttpServerResponse response, int status, JsonObject body) {
        if (response.ended() || response.closed()) {
            return;
        }
        SecurityHeaders.apply(response);
        response.setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store").end(body.toBuffer());
    }

    /** The router's failure handler: a failed route (a thrown exception, ctx.fail) becomes its JSON error. */
    public static void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t instanceof BadRequest b) {
            error(ctx, b.status(), b.getMessage());
            return;
        }
        int status = t instanceof HttpException h ? h.getStatusCode() : ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), t);
        }
        error(ctx, status, message(status));
    }

    /** The plain message for a status the router or codec produced; never the exception's. */
    static String message(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 403 -> "forbidden";
            case 404 -> "no such resource";
            case 405 -> "method not allowed for this resource";
            case 413 -> "request body too large for this operation (JSON bodies: at most " + JsonBody.LIMIT + " bytes)";
            case 414 -> "request line too long";
            case 415 -> "body must be JSON (content-type: application/json)";
            case 431 -> "request headers too large";
            default -> status >= 500 ? "internal error" : "bad request";
        };
    }

    /**
     * For {@code HttpServer.invalidRequestHandler}: a request the HTTP codec could not parse (request
     * line too long: 414, headers too large: 431, anything else: 400) is answered with the JSON error
     * too, then the connection is closed since the rest of the stream cannot be trusted.
     */
    public static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        send(request.response(), status, new JsonObject().put("error", message(status)));
        request.connection().close();
    }
}
