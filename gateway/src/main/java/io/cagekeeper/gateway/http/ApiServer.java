package io.cagekeeper.gateway.http;

import io.cagekeeper.gateway.api.ApiResource;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.openapi.contract.OpenAPIContract;
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

    /**
     * @param contract   the OpenAPI document, read already or being read ({@link Operations#contract})
     * @param deviceSide the access controller's context, where the operations that touch device state run
     * @param admission  the limit of API requests served at once
     */
    public static Future<Router> router(Vertx vertx, Future<OpenAPIContract> contract, Authenticator auth, AuditTrail audit,
                                        Set<String> allowedHosts, Context deviceSide, Admission admission, List<ApiResource> resources) {
        Router r = Router.router(vertx);
        ApiLayer.guard(r, allowedHosts, admission);
        r.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml; charset=utf-8")
                .sendFile("openapi.yaml"));
        return Operations.load(vertx, contract, r, auth, audit, deviceSide).map(ops -> {
            resources.forEach(res -> res.mount(ops));
            ops.checkComplete();
            r.getWithRegex("^/(?!api(/|$)).*").handler(StaticHandler.create("console").setCachingEnabled(false));
            ApiLayer.errors(r);
            return r;
        });
    }
}
