package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.access.AccessController;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.ThreatLevel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;

/**
 * What the desk does to the engine's state rather than to the policy: the threat level, forgiving
 * an anti-passback position, clearing a PIN failure count. Each is an event in the log (by the
 * authenticated operator) and an audit row with the reason given.
 */
public final class DeskActionsRouter implements ApiResource {

    private final AccessController access;
    private final PolicyHolder policy;
    private final AuditTrail audit;

    public DeskActionsRouter(AccessController access, PolicyHolder policy, AuditTrail audit) {
        this.access = access;
        this.policy = policy;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.onDeviceSide("setThreatLevel", this::threatLevel)
                .onDeviceSide("forgiveAntiPassback", this::forgive)
                .onDeviceSide("resetPinFailures", this::resetPin);
    }

    private void threatLevel(RoutingContext ctx) {
        JsonObject body = Operations.body(ctx);
        ThreatLevel level = ThreatLevel.valueOf(body.getString("level").toUpperCase(Locale.ROOT));
        ThreatLevel before = access.state().threatLevel();
        recorded(ctx, access.setThreatLevel(level, Operations.actor(ctx).id(), Instant.now()), "site", "threatLevel",
                new JsonObject().put("threatLevel", before.name()), new JsonObject().put("threatLevel", level.name()));
    }

    private void forgive(RoutingContext ctx) {
        String person = Operations.path(ctx, "id");
        PolicySnapshot s = policy.current();
        if (s == null || s.person(person) == null) {
            throw new BadRequest(404, "no such person");
        }
        recorded(ctx, access.forgive(person, Operations.actor(ctx).id(), Instant.now()), "persons", person, null,
                new JsonObject().put("forgiven", person));
    }

    /** 404 for a credential the policy in force does not know: resetting it would record an event about nothing. */
    private void resetPin(RoutingContext ctx) {
        String credential = Operations.path(ctx, "id");
        PolicySnapshot s = policy.current();
        if (s == null || s.credentialById(credential) == null) {
            throw new BadRequest(404, "no such credential");
        }
        recorded(ctx, access.resetPinFailures(credential, Operations.actor(ctx).id(), Instant.now()), "credentials", credential, null,
                new JsonObject().put("reset", credential));
    }

    private void recorded(RoutingContext ctx, Future<Void> action, String resource, String id, JsonObject before, JsonObject after) {
        String reason = Operations.body(ctx).getString("reason");
        var entry = Replies.done(ctx, resource, id, before, after);
        Replies.reply(ctx, 200, action.compose(v -> audit.record(new io.cagekeeper.gateway.audit.AuditEntry(entry.actor(), entry.address(),
                entry.action(), resource, id, "DONE", 200, before, after, reason, entry.requestId()))).map(after), "the action could not be recorded");
    }
}
