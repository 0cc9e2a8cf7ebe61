package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.events.EventLog;
import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.modbus.DoorModule;
import io.cagekeeper.gateway.modbus.DoorStateMachine;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.ThreatLevel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The doors: live status from the door modules' state machines, and the desk's momentary unlock. An
 * unlock releases the lock through the very path a granted badge takes ({@code release}: the door's
 * module, its relay guard and relock), so it lasts the door's configured release time and no longer;
 * it is refused during LOCKDOWN (409: a lockdown is lifted by lowering the threat level, not one door
 * at a time) and while the module is offline (503), and recorded as a DOOR_UNLOCKED_BY_OPERATOR event
 * and an audit row naming the operator and their reason.
 */
public final class DoorsRouter implements ApiResource {

    private final PolicyHolder policy;
    private final Collection<DoorModule> modules;
    private final Function<String, Future<Void>> release;
    private final Supplier<ThreatLevel> threatLevel;
    private final EventLog log;
    private final AuditTrail audit;

    public DoorsRouter(PolicyHolder policy, Collection<DoorModule> modules, Function<String, Future<Void>> release,
                       Supplier<ThreatLevel> threatLevel, EventLog log, AuditTrail audit) {
        this.policy = policy;
        this.modules = modules;
        this.release = release;
        this.threatLevel = threatLevel;
        this.log = log;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.onDeviceSide("listDoors", this::doors).onDeviceSide("unlockDoor", this::unlock);
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
        ApiErrors.json(ctx, 200, new JsonObject().put("doors", out));
    }

    private void unlock(RoutingContext ctx) {
        String doorId = Operations.path(ctx, "id");
        String reason = Operations.body(ctx).getString("reason");
        DoorModule module = moduleOf(doorId);
        if (module == null) {
            throw new BadRequest(404, "no such door (or the gateway controls no lock of it)");
        }
        if (threatLevel.get() == ThreatLevel.LOCKDOWN) {
            throw new BadRequest(409, "the site is in LOCKDOWN: lower the threat level to unlock doors");
        }
        if (!module.online()) {
            throw new BadRequest(503, "door module " + module.id() + " is offline: the door stays locked");
        }
        String operator = Operations.actor(ctx).id();
        Instant at = Instant.now();
        JsonObject after = new JsonObject().put("door", doorId).put("unlocked", true).put("releaseMs", module.releaseMs(doorId));
        AuditEntry done = Replies.done(ctx, "doors", doorId, null, after);
        Future<JsonObject> result = release.apply(doorId)
                .recover(e -> audit.record(new AuditEntry(done.actor(), done.address(), done.action(), "doors", doorId, "FAILED", 503,
                                null, null, reason + " (release failed: " + e.getMessage() + ")", done.requestId())).otherwiseEmpty()
                        .compose(v -> Future.failedFuture(new BadRequest(503, "the lock of " + doorId + " could not be released; it stays locked"))))
                .compose(v -> log.append(new GatewayEvent("unlock:" + UUID.randomUUID(), EventType.DOOR_UNLOCKED_BY_OPERATOR,
                        "operator:" + operator, doorId, null, null, at, null, null, null, null, "operator:" + operator, null,
                        "Door " + doorId + " unlocked by " + operator + ": " + reason, null,
                        Map.of("operator", operator, "reason", reason))))
                .compose(v -> audit.record(new AuditEntry(done.actor(), done.address(), done.action(), "doors", doorId, "DONE", 200,
                        null, after, reason, done.requestId())))
                .map(after);
        Replies.reply(ctx, 200, result, "the unlock could not be recorded");
    }

    private DoorModule moduleOf(String doorId) {
        for (DoorModule m : modules) {
            if (m.doors().containsKey(doorId)) {
                return m;
            }
        }
        return null;
    }
}
