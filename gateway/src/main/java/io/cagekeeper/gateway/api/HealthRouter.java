package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.access.AccessController;
import io.cagekeeper.gateway.access.Metrics;
import io.cagekeeper.gateway.events.DurableEventLog;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.LintReport;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.modbus.DoorModule;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.lint.PolicyLint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/** Health (public, for monitors), metrics, engine state and the policy lint. */
public final class HealthRouter implements ApiResource {

    private final PolicyHolder policy;
    private final Collection<DoorModule> modules;
    private final BooleanSupplier mqttConnected;
    private final Metrics metrics;
    private final AccessController access;
    private final DurableEventLog eventLog;
    private final java.util.function.Supplier<String> logWarning;

    /** @param logWarning what the verifiable log warns of (a checkpoint without its time-stamp), or null */
    public HealthRouter(PolicyHolder policy, Collection<DoorModule> modules, BooleanSupplier mqttConnected, Metrics metrics,
                        AccessController access, DurableEventLog eventLog, java.util.function.Supplier<String> logWarning) {
        this.logWarning = logWarning;
        this.policy = policy;
        this.modules = modules;
        this.mqttConnected = mqttConnected;
        this.metrics = metrics;
        this.access = access;
        this.eventLog = eventLog;
    }

    @Override
    public void mount(Operations ops) {
        ops.onDeviceSide("getHealth", this::health)
                .onDeviceSide("getMetrics", ctx -> ApiErrors.json(ctx, 200, metrics.toJson()))
                .onDeviceSide("getState", this::state)
                .on("lintPolicy", this::lint);
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
            ApiErrors.json(ctx, up ? 200 : 503, new JsonObject()
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
                    .put("warnings", warnings()));
        });
    }

    private JsonArray warnings() {
        JsonArray w = new JsonArray(access.warnings());
        String log = logWarning.get();
        if (log != null) {
            w.add(log);
        }
        return w;
    }

    private void state(RoutingContext ctx) {
        var st = access.state();
        ApiErrors.json(ctx, 200, new JsonObject().put("threatLevel", st.threatLevel().name()).put("fireAlarm", st.fireAlarm())
                .put("antiPassbackMarks", st.apb().size()).mergeIn(site(policy.current())));
    }

    /** The site's name and time zone: the console shows every time in the site's zone, whatever the browser's. */
    static JsonObject site(PolicySnapshot s) {
        var site = s == null ? null : s.site();
        return new JsonObject().put("siteName", site == null ? null : site.name())
                .put("siteTimeZone", site == null ? "UTC" : site.timeZone().getId());
    }

    /** Conflicting, shadowed or dead policy in the snapshot in force (see PolicyLint's checks). */
    private void lint(RoutingContext ctx) {
        var snapshot = policy.current();
        if (snapshot == null) {
            ApiErrors.error(ctx, 503, "no policy loaded");
            return;
        }
        ApiErrors.json(ctx, 200, new JsonObject().put("policyVersion", snapshot.version())
                .put("findings", LintReport.toJson(PolicyLint.lint(snapshot.data(), Instant.now()))));
    }
}
