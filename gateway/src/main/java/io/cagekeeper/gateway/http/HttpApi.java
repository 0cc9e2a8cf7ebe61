package io.cagekeeper.gateway.http;

import io.cagekeeper.gateway.access.AccessController;
import io.cagekeeper.gateway.access.DecisionReplay;
import io.cagekeeper.gateway.access.Metrics;
import io.cagekeeper.gateway.alarms.AlarmStore;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.modbus.DoorModule;
import io.cagekeeper.gateway.modbus.DoorStateMachine;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.replay.ReplayResult;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.lint.PolicyLint;
import io.cagekeeper.policy.model.ThreatLevel;
import java.time.Instant;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API (health, doors, events, metrics) and the console's static files. Errors are JSON
 * with a plain message; a stack trace never reaches the client.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final EventStore events;
    private final PolicyHolder policy;
    private final Collection<DoorModule> modules;
    private final BooleanSupplier mqttConnected;
    private final Metrics metrics;
    private final AlarmStore alarmStore;
    private final AccessController access;
    private final DecisionReplay replay;

    public HttpApi(EventStore events, PolicyHolder policy, Collection<DoorModule> modules, BooleanSupplier mqttConnected,
                   Metrics metrics, AlarmStore alarmStore, AccessController access, DecisionReplay replay) {
        this.access = access;
        this.replay = replay;
        this.alarmStore = alarmStore;
        this.events = events;
        this.policy = policy;
        this.modules = modules;
        this.mqttConnected = mqttConnected;
        this.metrics = metrics;
    }

    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        r.get("/api/health").handler(this::health);
        r.get("/api/doors").handler(this::doors);
        r.get("/api/events").handler(this::events);
        r.get("/api/metrics").handler(ctx -> json(ctx, 200, metrics.toJson()));
        r.get("/api/alarms").handler(this::alarms);
        r.get("/api/events/:id/replay").handler(this::replay);
        r.get("/api/state").handler(this::state);
        r.get("/api/policy/lint").handler(this::lint);
        r.post("/api/threat-level").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::threatLevel);
        r.post("/api/persons/:id/forgive").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::forgive);
        r.post("/api/credentials/:id/reset-pin").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::resetPin);
        r.post("/api/alarms/:id/acknowledge").handler(BodyHandler.create().setBodyLimit(4096)).handler(ctx -> alarmAction(ctx, true));
        r.post("/api/alarms/:id/clear").handler(BodyHandler.create().setBodyLimit(4096)).handler(ctx -> alarmAction(ctx, false));
        r.route("/api/*").handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        r.route("/*").handler(StaticHandler.create("console").setCachingEnabled(false));
        r.route().failureHandler(ctx -> {
            int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (code >= 500) {
                LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
            error(ctx, code, code >= 500 ? "internal error" : "bad request");
        });
        return r;
    }

    private void health(RoutingContext ctx) {
        PolicySnapshot s = policy.current();
        JsonObject mods = new JsonObject();
        modules.forEach(m -> mods.put(m.id(), m.online() ? "online" : "offline"));
        events.ping().onComplete(ar -> {
            boolean db = ar.succeeded();
            boolean up = db && mqttConnected.getAsBoolean() && s != null;
            json(ctx, up ? 200 : 503, new JsonObject()
                    .put("status", up ? "up" : "degraded")
                    .put("database", db ? "up" : "down")
                    .put("mqtt", mqttConnected.getAsBoolean() ? "connected" : "disconnected")
                    .put("modules", mods)
                    .put("policyVersion", s == null ? null : s.version())
                    .put("policyHash", s == null ? null : s.contentHash()));
        });
    }

    private void doors(RoutingContext ctx) {
        PolicySnapshot s = policy.current();
        JsonArray out = new JsonArray();
        for (DoorModule m : modules) {
            for (DoorStateMachine d : m.doors().values()) {
                Door door = s == null ? null : s.door(d.doorId());
                out.add(new JsonObject()
                        .put("id", d.doorId())
                        .put("name", door == null ? d.doorId() : door.name())
                        .put("module", m.id())
                        .put("moduleOnline", m.online())
                        .put("known", d.initialised())
                        .put("open", d.isOpen())
                        .put("lockReleased", d.isLockReleased())
                        .put("tamper", d.isTamperOpen())
                        .put("openedAt", d.openedAt() == null ? null : d.openedAt().toString()));
            }
        }
        json(ctx, 200, new JsonObject().put("doors", out));
    }

    private void events(RoutingContext ctx) {
        int limit;
        try {
            String l = ctx.request().getParam("limit", "100");
            limit = Integer.parseInt(l);
        } catch (NumberFormatException e) {
            error(ctx, 400, "limit must be a whole number between 1 and 1000");
            return;
        }
        if (limit < 1 || limit > 1000) {
            error(ctx, 400, "limit must be a whole number between 1 and 1000");
            return;
        }
        String type = ctx.request().getParam("type");
        if (type != null) {
            try {
                EventType.valueOf(type);
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "unknown event type");
                return;
            }
        }
        String door = ctx.request().getParam("door");
        if (door != null && !door.matches("[A-Za-z0-9_-]{1,64}")) {
            error(ctx, 400, "door must be a door id");
            return;
        }
        events.recent(door, type, limit).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, new JsonObject().put("events", ar.result()));
            } else {
                LOG.error("reading events failed: {}", ar.cause().getMessage());
                error(ctx, 503, "event store unavailable");
            }
        });
    }

    private void replay(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            error(ctx, 400, "event id must be a number");
            return;
        }
        replay.replay(id).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("replay of event {} failed: {}", id, ar.cause().getMessage());
                error(ctx, 503, "event store unavailable");
            } else if (ar.result().isEmpty()) {
                error(ctx, 404, "no recorded decision for event " + id);
            } else {
                ReplayResult r = ar.result().get();
                json(ctx, 200, new JsonObject().put("identical", r.identical())
                        .put("recorded", r.recorded() == null ? null : decision(r.recorded().decision()))
                        .put("replayed", r.replayed() == null ? null : decision(r.replayed()))
                        .put("snapshotVersion", r.recorded() == null ? null : r.recorded().decision().snapshotVersion())
                        .put("problem", r.problem()));
            }
        });
    }

    private static JsonObject decision(Decision d) {
        JsonArray reasons = new JsonArray();
        d.reasons().forEach(x -> reasons.add(x.name()));
        return new JsonObject().put("result", d.result().name()).put("reasons", reasons).put("decidedBy", d.decidedBy());
    }

    private void alarms(RoutingContext ctx) {
        String state = ctx.request().getParam("state");
        if (state != null) {
            state = state.toUpperCase();
            if (!state.equals("ACTIVE") && !state.equals("ACKNOWLEDGED") && !state.equals("CLEARED")) {
                error(ctx, 400, "state must be active, acknowledged or cleared");
                return;
            }
        }
        alarmStore.list(state, 500).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, new JsonObject().put("alarms", ar.result()));
            } else {
                LOG.error("reading alarms failed: {}", ar.cause().getMessage());
                error(ctx, 503, "alarm store unavailable");
            }
        });
    }

    /** Acknowledge or clear: the operator's name and a comment are required, and kept with the alarm. */
    private void alarmAction(RoutingContext ctx, boolean acknowledge) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            error(ctx, 400, "alarm id must be a number");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            error(ctx, 400, "body must be a JSON object with 'by' and 'comment'");
            return;
        }
        if (body == null || !(body.getValue("by") instanceof String by) || by.isBlank() || by.length() > 64
                || !(body.getValue("comment") instanceof String comment) || comment.isBlank() || comment.length() > 500) {
            error(ctx, 400, "body must be a JSON object with 'by' (1-64 chars) and 'comment' (1-500 chars)");
            return;
        }
        (acknowledge ? alarmStore.acknowledge(id, by, comment) : alarmStore.clear(id, by, comment)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("alarm {} update failed: {}", id, ar.cause().getMessage());
                error(ctx, 503, "alarm store unavailable");
            } else if (!ar.result()) {
                error(ctx, 409, acknowledge ? "alarm is not active (unknown, already acknowledged or cleared)"
                        : "alarm is not open (unknown or already cleared)");
            } else {
                json(ctx, 200, new JsonObject().put("id", id).put("state", acknowledge ? "ACKNOWLEDGED" : "CLEARED"));
            }
        });
    }

    /** Conflicting, shadowed or dead policy in the snapshot in force (see PolicyLint's checks). */
    private void lint(RoutingContext ctx) {
        var snapshot = policy.current();
        if (snapshot == null) {
            error(ctx, 503, "no policy loaded");
            return;
        }
        json(ctx, 200, new JsonObject().put("policyVersion", snapshot.version())
                .put("findings", LintReport.toJson(PolicyLint.lint(snapshot.data(), Instant.now()))));
    }

    private void state(RoutingContext ctx) {
        var st = access.state();
        json(ctx, 200, new JsonObject().put("threatLevel", st.threatLevel().name()).put("fireAlarm", st.fireAlarm())
                .put("antiPassbackMarks", st.apb().size()));
    }

    private void threatLevel(RoutingContext ctx) {
        JsonObject body = operatorBody(ctx);
        if (body == null) {
            return;
        }
        ThreatLevel level;
        try {
            level = ThreatLevel.valueOf(String.valueOf(body.getValue("level")).toUpperCase());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "level must be one of " + java.util.Arrays.toString(ThreatLevel.values()));
            return;
        }
        respond(ctx, access.setThreatLevel(level, body.getString("by"), Instant.now()), new JsonObject().put("threatLevel", level.name()));
    }

    private void forgive(RoutingContext ctx) {
        JsonObject body = operatorBody(ctx);
        String person = ctx.pathParam("id");
        if (body == null) {
            return;
        }
        if (!person.matches("[A-Za-z0-9_.:-]{1,64}") || policy.current() == null || policy.current().person(person) == null) {
            error(ctx, 404, "no such person");
            return;
        }
        respond(ctx, access.forgive(person, body.getString("by"), Instant.now()), new JsonObject().put("forgiven", person));
    }

    private void resetPin(RoutingContext ctx) {
        JsonObject body = operatorBody(ctx);
        String credential = ctx.pathParam("id");
        if (body == null) {
            return;
        }
        if (!credential.matches("[A-Za-z0-9_.:-]{1,64}")) {
            error(ctx, 404, "no such credential");
            return;
        }
        respond(ctx, access.resetPinFailures(credential, body.getString("by"), Instant.now()), new JsonObject().put("reset", credential));
    }

    /** A JSON body naming the operator ({@code by}, 1-64 chars); answers 400 and returns null otherwise. */
    private static JsonObject operatorBody(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || !(body.getValue("by") instanceof String by) || by.isBlank() || by.length() > 64) {
            error(ctx, 400, "body must be a JSON object naming the operator in 'by' (1-64 chars)");
            return null;
        }
        return body;
    }

    private static void respond(RoutingContext ctx, io.vertx.core.Future<Void> recorded, JsonObject ok) {
        recorded.onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, ok);
            } else {
                LOG.error("operator action not recorded: {}", ar.cause().getMessage());
                error(ctx, 503, "the action could not be recorded");
            }
        });
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encodePrettily());
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }
}
