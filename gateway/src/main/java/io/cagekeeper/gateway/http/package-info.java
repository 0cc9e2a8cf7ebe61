/**
 * The HTTP API and console. Every router shares one validation layer, so a new resource router
 * (one per resource is the plan) writes only its routes:
 *
 * <pre>{@code
 * Router r = Router.router(vertx);
 * ApiLayer.guard(r);                                    // security headers, strict path and query, cross-origin writes: 403
 * r.post("/api/things/:id/do").handler(JsonBody.reader()).handler(JsonBody.taking("by", "comment"))
 *         .handler(ctx -> { JsonObject body = JsonBody.of(ctx); ... ApiErrors.json(ctx, 200, answer); });
 * ApiLayer.errors(r);                                   // every failure and the router's 404/405 as the JSON error
 * }</pre>
 *
 * and the HTTP server answers what its codec refuses (414, 431) with {@link io.cagekeeper.gateway.http.ApiErrors#invalidRequest}.
 * Refuse with {@link io.cagekeeper.gateway.http.BadRequest} (thrown, or answered with {@code ApiErrors.error}); its
 * message must say what is wrong without quoting the input.
 */
package io.cagekeeper.gateway.http;
