package io.cagekeeper.gateway.http;

import io.cagekeeper.gateway.api.ApiResource;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.Set;

/**
 * The HTTP side assembled: the shared guard ({@link ApiLayer}: host, request target, cross-origin
 * writes, security headers), the OpenAPI document at {@code /openapi.yaml}, every resource's
 * operations through {@link Operations}, the console's static files, and the JSON errors behind all.
 */
public final class ApiServer {

    private ApiServer() {
    }

    public static Future<Router> router(Vertx vertx, Authenticator auth, AuditTrail audit, Set<String> allowedHosts,
                                        List<ApiResource> resources) {
        Router r = Router.router(vertx);
        ApiLayer.guard(r, allowedHosts);
        r.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml; charset=utf-8")
                .sendFile("openapi.yaml"));
        return Operations.load(vertx, r, auth, audit).map(ops -> {
            resources.forEach(res -> res.mount(ops));
            ops.checkComplete();
            r.getWithRegex("^/(?!api(/|$)).*").handler(StaticHandler.create("console").setCachingEnabled(false));
            ApiLayer.errors(r);
            return r;
        });
    }
}
