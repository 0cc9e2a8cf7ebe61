package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.state.EngineFact;
import java.util.List;
import java.util.Map;

/**
 * What the engine's facts (anti-passback violations, companions admitted, PIN lockouts, operators'
 * forgiveness and resets) look like as stored events. Pure.
 */
final class FactEvents {

    private FactEvents() {
    }

    /** The event of a fact, or null for a fact that is not recorded as an event of its own. */
    static GatewayEvent of(EngineFact f, Reader reader, String key) {
        String source = reader == null ? "engine" : "reader:" + reader.id();
        String door = reader == null ? null : reader.doorId();
        if (f instanceof EngineFact.ApbViolation v) {
            return new GatewayEvent(key, EventType.APB_VIOLATION, source, door, null, null, v.at(), null, v.personId(), null,
                    List.of(v.mode().name()), "zone:" + v.zoneId(), null, "Anti-passback violation (" + v.mode() + ") by "
                    + v.personId() + " into zone " + v.zoneId(), null, Map.of("zone", v.zoneId()));
        }
        if (f instanceof EngineFact.CompanionAdmitted a) {
            return new GatewayEvent(key, EventType.COMPANION_ADMITTED, source, a.doorId(), null, null, a.at(), null, a.personId(),
                    "GRANT", List.of(a.kind().name()), a.decidedBy(), null, "Waiting " + a.personId() + " admitted with "
                    + a.decidedBy() + " (" + a.kind() + ")", null, Map.of());
        }
        if (f instanceof EngineFact.ApbForgiven g) {
            return new GatewayEvent(key, EventType.APB_FORGIVEN, "operator:" + g.operator(), null, null, null, g.at(), null,
                    g.personId(), null, null, "operator:" + g.operator(), null, "Anti-passback state of " + g.personId()
                    + " forgiven by " + g.operator(), null, Map.of("operator", g.operator()));
        }
        if (f instanceof EngineFact.PinLockedOut p) {
            return new GatewayEvent(key, EventType.PIN_LOCKED_OUT, source, door, null, null, p.at(), null, null, null, null,
                    "credential:" + p.credentialId(), null, "PIN of credential " + p.credentialId() + " locked out after "
                    + p.failures() + " wrong PINs", null, Map.of("credentialId", p.credentialId()));
        }
        if (f instanceof EngineFact.PinFailuresReset r) {
            return new GatewayEvent(key, EventType.PIN_FAILURES_RESET, "operator:" + r.operator(), null, null, null, r.at(), null,
                    null, null, null, "operator:" + r.operator(), null, "Wrong-PIN count of credential " + r.credentialId()
                    + " reset by " + r.operator(), null, Map.of("credentialId", r.credentialId(), "operator", r.operator()));
        }
        return null;
    }
}
