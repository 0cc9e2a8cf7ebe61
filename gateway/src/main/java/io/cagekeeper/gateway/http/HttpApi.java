package io.cagekeeper.gateway.http;

import io.cagekeeper.gateway.access.AccessController;
import io.cagekeeper.gateway.access.DecisionReplay;
import io.cagekeeper.gateway.access.Metrics;
import io.cagekeeper.gateway.alarms.AlarmStore;
import io.cagekeeper.gateway.events.DurableEventLog;
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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API (health, doors, events, quarantine, alarms, operator actions, metrics) and the console's
 * static files, all behind the shared {@link ApiLayer}: errors are JSON with a plain message, a stack
 * trace never reaches the client, bodies are read by {@link StrictJson}.
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
    private final DurableEventLog eventLog;

    public HttpApi(EventStore events, PolicyHolder policy, Collection<DoorModule> modules, BooleanSupplier mqttConnected,
                   Metrics metrics, AlarmStore alarmStore, AccessController access, DecisionReplay replay,
                   DurableEventLog eventLog) {
        this.eventLog = eventLog;
        this.access = access;
        this.replay = replay;
        this.alarmStore = alarmStore;
        this.events = events;
        this.policy = policy;
        this.modules = modules;
        this.mqttConnected = mqttConnected;
        this.metrics = metrics;
    }

    /** Every route behind the shared {@link ApiLayer}: strict target and bodies, JSON errors, security headers. */
    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        ApiLayer.guard(r);
        r.get("/api/health").handler(this::health);
        r.get("/api/doors").handler(this::doors);
        r.get("/api/events").handler(this::events);
        r.get("/api/events/quarantine").handler(this::quarantine);
        r.post("/api/events/quarantine/:id/resolve").handler(JsonBody.reader()).handler(JsonBody.taking("by", "comment"))
                .handler(this::resolveQuarantined);
        r.get("/api/metrics").handler(ctx -> json(ctx, 200, metrics.toJson()));
        r.get("/api/alarms").handler(this::alarms);
        r.get("/api/events/:id/replay").handler(this::replay);
        r.get("/api/state").handler(this::state);
        r.get("/api/policy/lint").handler(this::lint);
        r.post("/api/threat-level").handler(JsonBody.reader()).handler(JsonBody.taking("level", "by")).handler(this::threatLevel);
        r.post("/api/persons/:id/forgive").handler(JsonBody.reader()).handler(JsonBody.taking("by")).handler(this::forgive);
        r.post("/api/credentials/:id/reset-pin").handler(JsonBody.reader()).handler(JsonBody.taking("by")).handler(this::resetPin);
        r.post("/api/alarms/:id/acknowledge").handler(JsonBody.reader()).handler(JsonBody.taking("by", "comment"))
                .handler(ctx -> alarmAction(ctx, true));
        r.post("/api/alarms/:id/clear").handler(JsonBody.reader()).handler(JsonBody.taking("by", "comment"))
                .handler(ctx -> alarmAction(ctx, false));
        r.getWithRegex("^/(?!api(/|$)).*").handler(StaticHandler.create("console").setCachingEnabled(false));
        ApiLayer.errors(r);
        return r;
    }

    /**
     * Up only when everything is: the database answers, MQTT is connected, a policy is loaded, and
     * nothing waits in the journal or the quarantine (an event in either is not yet where auditors
     * look). Says how much waits, so "degraded" can be told from "down".
     */
    private void health(RoutingContext ctx) {
        PolicySnapshot s = policy.current();
        JsonObject mods = new JsonObject();
        modules.forEach(m -> mods.put(m.id(), m.online() ? "online" : "offline"));
        eventLog.quarantine().pending().onComplete(ar -> {
            boolean db = ar.succeeded();
            long inJournal = eventLog.waitingInJournal();
            long inQuarantineFile = eventLog.waitingInQuarantineFile();
            Long quarantined = db ? ar.result() : null;
            boolean eventsWait = inJournal > 0 || inQuarantineFile > 0 || (quarantined != null && quarantined > 0);
            boolean up = db && mqttConnected.getAsBoolean() && s != null && !eventsWait;
            json(ctx, up ? 200 : 503, new JsonObject()
                    .put("status", up ? "up" : "degraded")
                    .put("database", db ? "up" : "down")
                    .put("mqtt", mqttConnected.getAsBoolean() ? "connected" : "disconnected")
                    .put("modules", mods)
                    .put("policyVersion", s == null ? null : s.version())
                    .put("policyHash", s == null ? null : s.contentHash())
                    .put("eventLog", new JsonObject()
                            .put("journaled", inJournal)
                            .put("quarantined", quarantined)
                            .put("quarantinedLocally", inQuarantineFile))
                    .put("warnings", new io.vertx.core.json.JsonArray(access.warnings())));
        });
    }

    /** The quarantine, newest first ({@code pending=true}: only what no operator has resolved). */
    private void quarantine(RoutingContext ctx) {
        int limit = limit(ctx);
        if (limit < 0) {
            return;
        }
        String pending = ctx.request().getParam("pending", "false");
        if (!pending.equals("true") && !pending.equals("false")) {
            error(ctx, 400, "pending must be true or false");
            return;
        }
        eventLog.quarantine().list(pending.equals("true"), limit).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, new JsonObject().put("quarantined", ar.result())
                        .put("waitingLocally", eventLog.waitingInQuarantineFile()));
            } else {
                LOG.error("reading the quarantine failed: {}", ar.cause().getMessage());
                error(ctx, 503, "quarantine unavailable");
            }
        });
    }

    /** An operator has looked at a quarantined event: recorded with their name and comment; the entry is kept. */
    private void resolveQuarantined(RoutingContext ctx) {
        long id = numericId(ctx, "quarantine entry id");
        JsonObject body = JsonBody.of(ctx);
        if (id < 0 || !operatorNamed(ctx, body) || !commented(ctx, body)) {
            return;
        }
        eventLog.quarantine().resolve(id, body.getString("by"), body.getString("comment")).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("quarantine entry {} not resolved: {}", id, ar.cause().getMessage());
                error(ctx, 503, "quarantine unavailable");
            } else if (ar.result().isEmpty()) {
                error(ctx, 404, "no such quarantine entry");
            } else if (!ar.result().get()) {
                error(ctx, 409, "quarantine entry already resolved");
            } else {
                json(ctx, 200, new JsonObject().put("id", id).put("resolved", true));
            }
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

    /** The {@code limit} parameter (default 100, 1..1000); answers 400 and returns -1 otherwise. */
    private static int limit(RoutingContext ctx) {
        String l = ctx.request().getParam("limit", "100");
        int limit = l.matches("[0-9]{1,4}") ? Integer.parseInt(l) : -1;
        if (limit < 1 || limit > 1000) {
            error(ctx, 400, "limit must be a whole number between 1 and 1000");
            return -1;
        }
        return limit;
    }

    /** The numeric {@code id} path parameter; answers 400 and returns -1 otherwise. */
    private static long numericId(RoutingContext ctx, String what) {
        String id = ctx.pathParam("id");
        if (id == null || !id.matches("[0-9]{1,18}")) {
            error(ctx, 400, what + " must be a number");
            return -1;
        }
        return Long.parseLong(id);
    }

    private void events(RoutingContext ctx) {
        int limit = limit(ctx);
        if (limit < 0) {
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
        long id = numericId(ctx, "event id");
        if (id < 0) {
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
        long id = numericId(ctx, "alarm id");
        JsonObject body = JsonBody.of(ctx);
        if (id < 0 || !operatorNamed(ctx, body) || !commented(ctx, body)) {
            return;
        }
        String by = body.getString("by");
        String comment = body.getString("comment");
        (acknowledge ? alarmStore.acknowledge(id, by, comment) : alarmStore.clear(id, by, comment))
                .compose(done -> done ? Future.succeededFuture(true) : alarmStore.exists(id).map(known -> known ? false : null))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.error("alarm {} update failed: {}", id, ar.cause().getMessage());
                        error(ctx, 503, "alarm store unavailable");
                    } else if (ar.result() == null) {
                        error(ctx, 404, "no such alarm");
                    } else if (!ar.result()) {
                        error(ctx, 409, acknowledge ? "alarm is not active (already acknowledged or cleared)"
                                : "alarm is already cleared");
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
        JsonObject body = JsonBody.of(ctx);
        if (!operatorNamed(ctx, body)) {
            return;
        }
        ThreatLevel level;
        try {
            if (!(body.getValue("level") instanceof String l)) {
                throw new IllegalArgumentException();
            }
            level = ThreatLevel.valueOf(l.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "level must be one of " + java.util.Arrays.toString(ThreatLevel.values()));
            return;
        }
        respond(ctx, access.setThreatLevel(level, body.getString("by"), Instant.now()), new JsonObject().put("threatLevel", level.name()));
    }

    private void forgive(RoutingContext ctx) {
        JsonObject body = JsonBody.of(ctx);
        String person = ctx.pathParam("id");
        if (!operatorNamed(ctx, body)) {
            return;
        }
        if (!person.matches("[A-Za-z0-9_.:-]{1,64}") || policy.current() == null || policy.current().person(person) == null) {
            error(ctx, 404, "no such person");
            return;
        }
        respond(ctx, access.forgive(person, body.getString("by"), Instant.now()), new JsonObject().put("forgiven", person));
    }

    /** 404 for a credential the policy in force does not know: resetting it would record an event about nothing. */
    private void resetPin(RoutingContext ctx) {
        JsonObject body = JsonBody.of(ctx);
        String credential = ctx.pathParam("id");
        if (!operatorNamed(ctx, body)) {
            return;
        }
        PolicySnapshot s = policy.current();
        if (!credential.matches("[A-Za-z0-9_.:-]{1,64}") || s == null
                || s.data().credentials().stream().noneMatch(c -> c.id().equals(credential))) {
            error(ctx, 404, "no such credential");
            return;
        }
        respond(ctx, access.resetPinFailures(credential, body.getString("by"), Instant.now()), new JsonObject().put("reset", credential));
    }

    /** The body names the operator in {@code by}: 1-64 characters, none of them a control character; 400 otherwise. */
    private static boolean operatorNamed(RoutingContext ctx, JsonObject body) {
        if (!(body.getValue("by") instanceof String by) || by.isBlank() || by.length() > 64
                || by.chars().anyMatch(Character::isISOControl)) {
            error(ctx, 400, "body must name the operator in 'by' (1-64 characters, no control characters)");
            return false;
        }
        return true;
    }

    /** The body has a {@code comment}: 1-500 characters, no control character but newline and tab; 400 otherwise. */
    private static boolean commented(RoutingContext ctx, JsonObject body) {
        if (!(body.getValue("comment") instanceof String c) || c.isBlank() || c.length() > 500
                || c.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\t')) {
            error(ctx, 400, "body must have a 'comment' (1-500 characters, no control characters but newline and tab)");
            return false;
        }
        return true;
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
        ApiErrors.json(ctx, status, body);
    }

    static void error(RoutingContext ctx, int status, String message) {
        ApiErrors.error(ctx, status, message);
    }
}
