package io.cagekeeper.gateway.http;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.auth.Secrets;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's routes, made from its OpenAPI document ({@code openapi.yaml}, served at
 * {@code /openapi.yaml}): each operation's method and path come from the document, and so do the
 * roles allowed to call it ({@code x-roles}: role names, {@code authenticated} for any logged-in
 * caller, {@code public} for anonymous). A resource router only says what an operation does
 * ({@link #on}); in front of it this class puts, in order: who is calling ({@link Authenticator};
 * none: 401), may they ({@code x-roles}; no: 403), for a browser session's write the CSRF token
 * ({@code X-CSRF-Token} must match the session's: 403), the body (size, content type, strict JSON
 * with only the members the schema names) and the request validated against the document (400).
 * Refusals are written to the audit trail. An operation of the document without a handler fails the
 * start ({@link #checkComplete}), so the document and the server cannot drift apart.
 */
public final class Operations {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final String ACTOR = "cagekeeper.actor";
    private static final String VALIDATED = "cagekeeper.validated";
    private static final String REQUEST_ID = "cagekeeper.requestId";
    private static final String OPERATION = "cagekeeper.operation";
    private static final String SELF = "cagekeeper.operations";
    private static final String REFUSAL_RECORDED = "cagekeeper.refusalRecorded";
    /** The header a browser session's write must carry, echoing the CSRF cookie set at login. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Router router;
    private final OpenAPIContract contract;
    private final RequestValidator validator;
    private final Authenticator auth;
    private final AuditTrail audit;
    private final Set<String> handled = new LinkedHashSet<>();
    private final Context deviceSide;

    private Operations(Vertx vertx, Router router, OpenAPIContract contract, Authenticator auth, AuditTrail audit, Context deviceSide) {
        this.router = router;
        this.contract = contract;
        this.validator = RequestValidator.create(vertx, contract);
        this.auth = auth;
        this.audit = audit;
        this.deviceSide = deviceSide;
    }

    /**
     * Loads the document from the class path ({@code openapi.yaml}).
     *
     * @param deviceSide the context of the access controller and the door modules, where the
     *                   handlers routed with {@link #onDeviceSide} run (null: they run where the request arrived)
     */
    /**
     * Reads and checks the OpenAPI document (about a second of one core at start): a start begins it early
     * and hands it to {@link #load} once the rest of the API is ready.
     */
    public static Future<OpenAPIContract> contract(Vertx vertx) {
        return OpenAPIContract.from(vertx, "openapi.yaml");
    }

    public static Future<Operations> load(Vertx vertx, Future<OpenAPIContract> contract, Router router, Authenticator auth,
                                          AuditTrail audit, Context deviceSide) {
        return contract.map(c -> new Operations(vertx, router, c, auth, audit, deviceSide));
    }

    public Authenticator authenticator() {
        return auth;
    }

    public AuditTrail audit() {
        return audit;
    }

    /** Routes {@code operationId} of the document to {@code handler}, behind authentication, authorization and validation. */
    public Operations on(String operationId, Handler<RoutingContext> handler) {
        return route(operationId, handler, false);
    }

    /**
     * As {@link #on}, but the handler runs on the device side's context: for operations that read or
     * change the state of the access controller or the door modules (a desk unlock, the threat level),
     * which are confined to that context. Everything before the handler (authentication, validation)
     * and every other operation run on the API's own event loop, so that API work never queues in front
     * of a badge; these handlers are short (a state read, a command), so the badge path barely notices them.
     */
    public Operations onDeviceSide(String operationId, Handler<RoutingContext> handler) {
        return route(operationId, handler, true);
    }

    private Operations route(String operationId, Handler<RoutingContext> handler, boolean device) {
        Operation op = contract.operation(operationId);
        if (op == null) {
            throw new IllegalArgumentException("operation " + operationId + " is not in openapi.yaml");
        }
        if (!handled.add(operationId)) {
            throw new IllegalArgumentException("operation " + operationId + " routed twice");
        }
        Access access = access(op);
        var route = router.route(op.getHttpMethod(), vertxPath(op.getOpenAPIPath()));
        var body = op.getRequestBody();
        if (body != null) {
            // Vert.x reads the body before any other handler runs (it must not be paused behind an async one)
            int limit = op.getExtensions().get("x-body-limit") instanceof Number n ? n.intValue() : JsonBody.LIMIT;
            route.handler(BodyHandler.create(false).setBodyLimit(limit).setHandleFileUploads(false));
        }
        route.handler(ctx -> {
            ctx.put(OPERATION, operationId);
            ctx.put(SELF, this);
            authorize(ctx, op, access);
        });
        if (body != null) {
            Set<String> types = body.getContent().keySet();
            Set<String> members = members(op);
            route.handler(ctx -> readBody(ctx, types, members));
        }
        route.handler(ctx -> validate(ctx, op));
        if (device && deviceSide != null) {
            route.handler(ctx -> deviceSide.runOnContext(v -> {
                try {
                    invoke(ctx, handler);
                } catch (RuntimeException e) {
                    ctx.fail(e);
                }
            }));
        } else {
            route.handler(ctx -> invoke(ctx, handler));
        }
        return this;
    }

    private static void invoke(RoutingContext ctx, Handler<RoutingContext> handler) {
        try {
            handler.handle(ctx);
        } catch (BadRequest b) {
            recordRefusal(ctx, b.status(), b.getMessage());
            throw b;
        }
    }

    /** Fails when an operation of the document has no handler: the document would promise what the server does not do. */
    public void checkComplete() {
        Set<String> missing = new TreeSet<>();
        for (Operation op : contract.operations()) {
            if (!handled.contains(op.getOperationId())) {
                missing.add(op.getOperationId());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("openapi.yaml operations without a handler: " + missing);
        }
    }

    /** Every operation id of the document with its method, path and roles (the role × endpoint test reads the same document). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Operation op : contract.operations()) {
            out.add(op.getHttpMethod() + " " + op.getOpenAPIPath() + " " + op.getOperationId() + " " + access(op));
        }
        return out;
    }

    /** The authenticated caller of an operation routed here (null only for {@code public} operations called anonymously). */
    public static Actor actor(RoutingContext ctx) {
        return ctx.get(ACTOR);
    }

    /** The OpenAPI operation id of the request (the audit trail's action). */
    public static String operationId(RoutingContext ctx) {
        return ctx.get(OPERATION);
    }

    /** A correlation id for this request, recorded with every audit row it writes. */
    public static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID);
        if (id == null) {
            id = UUID.randomUUID().toString();
            ctx.put(REQUEST_ID, id);
        }
        return id;
    }

    /** A validated query parameter as text, or null when absent. */
    public static String query(RoutingContext ctx, String name) {
        ValidatedRequest v = ctx.get(VALIDATED);
        RequestParameter p = v == null ? null : v.getQuery().get(name);
        return p == null || p.isNull() ? null : String.valueOf(p.get());
    }

    /** A validated path parameter as text. */
    public static String path(RoutingContext ctx, String name) {
        ValidatedRequest v = ctx.get(VALIDATED);
        RequestParameter p = v == null ? null : v.getPathParameters().get(name);
        return p == null || p.isNull() ? ctx.pathParam(name) : String.valueOf(p.get());
    }

    /** The request's JSON body, read strictly and validated against the document. */
    public static JsonObject body(RoutingContext ctx) {
        return JsonBody.of(ctx);
    }

    /**
     * Writes an audit row for a write operation its handler refused (a 403 separation-of-duties
     * rule, a 404, 409 or 422): a refused attempt to change something is evidence too. Reads are not
     * recorded (a 404 on a search is not an attempt to change anything). At most once per request;
     * never waits for the write.
     */
    public static void recordRefusal(RoutingContext ctx, int status, String message) {
        Operations self = ctx.get(SELF);
        Actor a = actor(ctx);
        if (self == null || a == null || !writes(ctx.request().method()) || status < 400 || status >= 500
                || ctx.get(REFUSAL_RECORDED) != null) {
            return;
        }
        ctx.put(REFUSAL_RECORDED, true);
        Operation op = self.contract.operation(operationId(ctx));
        String id = ctx.pathParams().get("id");
        self.audit.record(new AuditEntry(a.id(), Authenticator.address(ctx), op.getOperationId(), resourceOf(op), id,
                        AuditEntry.outcomeOf(status), status, null, null, plain(message), requestId(ctx)))
                .onFailure(e -> LOG.warn("audit row for a refused {} not written: {}", op.getOperationId(), e.getMessage()));
    }

    /** Records a refusal in the audit trail (never waits for it: the answer does not depend on the write). */
    public void refuse(RoutingContext ctx, Operation op, Actor actor, int status, String message) {
        String who = actor != null ? actor.id() : "anonymous";
        audit.record(new AuditEntry(who, Authenticator.address(ctx), op.getOperationId(), resourceOf(op), null,
                        AuditEntry.outcomeOf(status), status, null, null, message, requestId(ctx)))
                .onFailure(e -> LOG.warn("audit row for a refused {} not written: {}", op.getOperationId(), e.getMessage()));
        throw new BadRequest(status, message);
    }

    private record Access(boolean anonymous, boolean anyUser, Set<Role> roles, boolean duringPasswordChange) {
        @Override
        public String toString() {
            return anonymous ? "[public]" : anyUser ? "[authenticated]" : roles.stream().map(Role::id).toList().toString();
        }
    }

    private static Access access(Operation op) {
        Object x = op.getExtensions().get("x-roles");
        if (!(x instanceof JsonArray list) || list.isEmpty()) {
            throw new IllegalStateException("operation " + op.getOperationId() + " has no x-roles in openapi.yaml");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        boolean anonymous = false;
        boolean any = false;
        for (Object o : list) {
            switch (String.valueOf(o)) {
                case "public" -> anonymous = true;
                case "authenticated" -> any = true;
                default -> roles.add(Role.of(String.valueOf(o)));
            }
        }
        return new Access(anonymous, any, roles, Boolean.TRUE.equals(op.getExtensions().get("x-during-password-change")));
    }

    private void authorize(RoutingContext ctx, Operation op, Access access) {
        auth.resolve(ctx, !writes(op.getHttpMethod())).onComplete(ar -> {
            try {
                if (ar.failed() && access.anonymous()) {
                    ctx.next();
                    return;
                }
                if (ar.failed()) {
                    LOG.error("authentication could not be checked: {}", ar.cause().getMessage());
                    throw new BadRequest(503, "authentication unavailable");
                }
                Optional<Actor> actor = ar.result();
                if (actor.isEmpty()) {
                    if (access.anonymous()) {
                        ctx.next();
                        return;
                    }
                    refuse(ctx, op, null, 401, "authentication required (log in, or send an API token)");
                }
                Actor a = actor.get();
                ctx.put(ACTOR, a);
                if (!access.anonymous() && !access.anyUser() && !a.hasAny(access.roles())) {
                    refuse(ctx, op, a, 403, "this operation needs the role " + String.join(" or ",
                            access.roles().stream().map(Role::id).toList()));
                }
                if (a.mustChangePassword() && !access.duringPasswordChange() && !access.anonymous()) {
                    refuse(ctx, op, a, 403, "change the one-time password first (POST /api/session/password)");
                }
                // a public write (the login) changes nothing of the session it may bring along: the login ends that session
                if (a.bySession() && writes(op.getHttpMethod()) && !access.anonymous()
                        && !Secrets.matches(ctx.request().getHeader(CSRF_HEADER), a.csrfHash())) {
                    refuse(ctx, op, a, 403, "missing or wrong " + CSRF_HEADER + " header");
                }
                ctx.next();
            } catch (BadRequest b) {
                ApiErrors.error(ctx, b.status(), b.getMessage());
            }
        });
    }

    private static boolean writes(HttpMethod m) {
        return m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS;
    }

    private void readBody(RoutingContext ctx, Set<String> types, Set<String> members) {
        String type = ctx.request().getHeader("content-type");
        String base = type == null ? "" : type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        if (!types.contains(base)) {
            throw new BadRequest(415, "body must be " + String.join(" or ", types));
        }
        if (base.equals("application/json")) {
            ctx.put(JsonBody.KEY, StrictJson.object(ctx.body().buffer(), members));
        }
        ctx.next();
    }

    private void validate(RoutingContext ctx, Operation op) {
        Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
        Future<io.vertx.openapi.validation.ValidatableRequest> extracted;
        try {
            extracted = RequestUtils.extract(ctx.request(), op, () -> Future.succeededFuture(raw == null ? Buffer.buffer() : raw));
        } catch (ValidatorException e) {
            // thrown, not failed, for a query value that decodes to a lone '%' (?name=100%25): a 400 like any invalid value, not a 500
            extracted = Future.failedFuture(e);
        }
        extracted.compose(r -> validator.validate(r, op.getOperationId()))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        ctx.put(VALIDATED, ar.result());
                        ctx.next();
                    } else {
                        String message = ar.cause() instanceof ValidatorException v ? plain(v.getMessage()) : "bad request";
                        Actor a = actor(ctx);
                        if (a != null && writes(op.getHttpMethod())) {
                            audit.record(new AuditEntry(a.id(), Authenticator.address(ctx), op.getOperationId(), resourceOf(op), null,
                                    "INVALID", 400, null, null, message, requestId(ctx)));
                        }
                        ApiErrors.error(ctx, 400, message);
                    }
                });
    }

    /** A validator's message without anything that could carry input back (control characters, huge length). */
    static String plain(String m) {
        if (m == null) {
            return "bad request";
        }
        String s = m.replaceAll("\\p{Cntrl}", " ");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** The member names the operation's JSON body may have: the schema's {@code properties} (resolved when a $ref). */
    private Set<String> members(Operation op) {
        var media = op.getRequestBody().getContent().get("application/json");
        if (media == null) {
            return Set.of();
        }
        JsonObject schema = media.getOpenAPIModel().getJsonObject("schema", new JsonObject());
        String ref = schema.getString("$ref");
        if (ref != null && ref.startsWith("#/components/schemas/")) {
            schema = contract.getRawContract().getJsonObject("components").getJsonObject("schemas")
                    .getJsonObject(ref.substring("#/components/schemas/".length()));
        }
        JsonObject props = schema.getJsonObject("properties");
        return props == null ? Set.of() : Set.copyOf(props.fieldNames());
    }

    /** The resource an operation acts on, for the audit trail: its first tag. */
    private static String resourceOf(Operation op) {
        return op.getTags().isEmpty() ? null : op.getTags().get(0);
    }

    static String vertxPath(String openApiPath) {
        return openApiPath.replaceAll("\\{([A-Za-z0-9_]+)}", ":$1");
    }
}
