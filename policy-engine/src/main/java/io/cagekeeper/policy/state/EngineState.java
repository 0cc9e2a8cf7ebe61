package io.cagekeeper.policy.state;

import io.cagekeeper.policy.model.ThreatLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the stateful rules remember between decisions, as an immutable value: the engine takes
 * one and returns the next, so it stays pure and a decision can be replayed from the state recorded
 * with it. The gateway owns the current value (swaps it atomically, persists it with
 * {@link #toLines()}) and reports physical facts through the transition methods.
 *
 * <p>Kept small and keyed: only persons at anti-passback zones, credentials with wrong PINs, doors of
 * interlock groups and lapsing pending presentations appear. Updates copy the changed collection, so a
 * change costs O(entries of that concern); decisions that change nothing return the same instance.
 *
 * @param apb         anti-passback marks keyed by {@link ApbMark#key()}
 * @param pinFailures consecutive wrong PINs by credential id
 * @param pending     presentations waiting for an escort or a second person
 * @param openDoors   door ids whose door position switch reports open
 * @param released    door ids whose lock is released (granted, or released by an operator)
 */
public record EngineState(ThreatLevel threatLevel, boolean fireAlarm, Map<String, ApbMark> apb,
                          Map<String, Integer> pinFailures, List<Pending> pending, Set<String> openDoors,
                          Set<String> released) {

    private static final EngineState INITIAL = new EngineState(ThreatLevel.NORMAL, false, Map.of(), Map.of(),
            List.of(), Set.of(), Set.of());

    public EngineState {
        Objects.requireNonNull(threatLevel, "threatLevel");
        apb = Map.copyOf(apb);
        pinFailures = Map.copyOf(pinFailures);
        pending = canonical(pending);
        openDoors = Set.copyOf(openDoors);
        released = Set.copyOf(released);
        for (Map.Entry<String, ApbMark> e : apb.entrySet()) {
            if (!e.getValue().hasKey(e.getKey())) {
                throw new IllegalArgumentException("apb entry keyed " + e.getKey() + " holds " + e.getValue());
            }
        }
    }

    /** Pending entries in a canonical order, so that equal facts make equal states. */
    private static List<Pending> canonical(List<Pending> in) {
        if (in.size() <= 1) {
            return List.copyOf(in);
        }
        List<Pending> sorted = new ArrayList<>(in);
        // a total order (every component), so that the order never depends on how the list was built
        java.util.Comparator<String> text = java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());
        sorted.sort(java.util.Comparator.comparing(Pending::at).thenComparing(Pending::doorId, text)
                .thenComparing(Pending::kind).thenComparing(Pending::personId, text)
                .thenComparing(Pending::credentialId, text).thenComparing(Pending::visitId, text)
                .thenComparing(Pending::until, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return List.copyOf(sorted);
    }

    /** Nothing remembered, threat level NORMAL, no fire alarm. */
    public static EngineState initial() {
        return INITIAL;
    }

    public ApbMark apbMark(String personId, String zoneId) {
        return apb.isEmpty() ? null : apb.get(ApbMark.key(personId, zoneId));
    }

    public int pinFailuresOf(String credentialId) {
        return pinFailures.isEmpty() ? 0 : pinFailures.getOrDefault(credentialId, 0);
    }

    /** The live pending entry of this kind at this door, or null. */
    public Pending pendingAt(Pending.Kind kind, String doorId, Instant now) {
        for (Pending p : pending) {
            if (p.kind() == kind && p.doorId().equals(doorId) && p.liveAt(now)) {
                return p;
            }
        }
        return null;
    }

    // ---- transitions for facts the gateway observes or operators decide ----

    public EngineState doorOpened(String doorId) {
        return openDoors.contains(doorId) ? this : withDoors(add(openDoors, doorId), released);
    }

    public EngineState doorClosed(String doorId) {
        return openDoors.contains(doorId) ? withDoors(remove(openDoors, doorId), released) : this;
    }

    public EngineState doorReleased(String doorId) {
        return released.contains(doorId) ? this : withDoors(openDoors, add(released, doorId));
    }

    public EngineState relocked(String doorId) {
        return released.contains(doorId) ? withDoors(openDoors, remove(released, doorId)) : this;
    }

    public EngineState withThreatLevel(ThreatLevel level) {
        return level == threatLevel ? this : new EngineState(level, fireAlarm, apb, pinFailures, pending, openDoors, released);
    }

    /** Fire alarm on: every exit reader grants (life safety), whatever is presented. */
    public EngineState fireAlarm(boolean on) {
        return on == fireAlarm ? this : new EngineState(threatLevel, on, apb, pinFailures, pending, openDoors, released);
    }

    /** Forgets the person's anti-passback marks: their next passage is judged as a first one. */
    public Transition forgive(String personId, String operator, Instant at) {
        Map<String, ApbMark> next = new HashMap<>(apb);
        next.values().removeIf(m -> m.personId().equals(personId));
        EngineState s = next.size() == apb.size() ? this : withApb(next);
        return new Transition(s, new EngineFact.ApbForgiven(personId, operator, at));
    }

    /** Clears a credential's wrong-PIN count, lifting a lockout. */
    public Transition resetPinFailures(String credentialId, String operator, Instant at) {
        EngineState s = pinFailures.containsKey(credentialId) ? withPinFailures(credentialId, 0) : this;
        return new Transition(s, new EngineFact.PinFailuresReset(credentialId, operator, at));
    }

    /** Drops pending entries that lapsed before {@code now}; call it now and then to keep the state small. */
    public EngineState prune(Instant now) {
        List<Pending> live = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (!now.isAfter(p.until())) {
                live.add(p);
            }
        }
        return live.size() == pending.size() ? this : withPending(live);
    }

    // ---- withers the engine uses ----

    public EngineState withApbMark(ApbMark mark) {
        if (mark.equals(apb.get(mark.key()))) {
            return this;
        }
        Map<String, ApbMark> next = new HashMap<>(apb);
        next.put(mark.key(), mark);
        return withApb(next);
    }

    public EngineState withPinFailures(String credentialId, int failures) {
        Map<String, Integer> next = new HashMap<>(pinFailures);
        if (failures == 0) {
            next.remove(credentialId);
        } else {
            next.put(credentialId, failures);
        }
        return new EngineState(threatLevel, fireAlarm, apb, next, pending, openDoors, released);
    }

    /** Replaces any pending entry of the same kind at the same door, dropping lapsed ones. */
    public EngineState withPending(Pending p) {
        List<Pending> next = new ArrayList<>(pending.size() + 1);
        for (Pending q : pending) {
            if (!(q.kind() == p.kind() && q.doorId().equals(p.doorId())) && !p.at().isAfter(q.until())) {
                next.add(q);
            }
        }
        next.add(p);
        return withPending(next);
    }

    public EngineState withoutPending(Pending p) {
        List<Pending> next = new ArrayList<>(pending);
        return next.remove(p) ? withPending(next) : this;
    }

    private EngineState withPending(List<Pending> next) {
        return new EngineState(threatLevel, fireAlarm, apb, pinFailures, next, openDoors, released);
    }

    private EngineState withApb(Map<String, ApbMark> next) {
        return new EngineState(threatLevel, fireAlarm, next, pinFailures, pending, openDoors, released);
    }

    private EngineState withDoors(Set<String> open, Set<String> rel) {
        return new EngineState(threatLevel, fireAlarm, apb, pinFailures, pending, open, rel);
    }

    /*
     * Door sets are copied on every release and relock (a site of 256 doors at 1,000 badges/s keeps ~100
     * released): built straight into an immutable set, which the constructor's Set.copyOf then keeps as
     * it is, instead of a HashSet copied again (that was a quarter of the gateway's allocation).
     */
    private static Set<String> add(Set<String> s, String v) {
        String[] n = s.toArray(new String[s.size() + 1]);
        n[s.size()] = Objects.requireNonNull(v, "doorId");
        return Set.of(n);
    }

    private static Set<String> remove(Set<String> s, String v) {
        String[] n = new String[s.size() - 1];
        int i = 0;
        for (String d : s) {
            if (!d.equals(v)) {
                n[i++] = d;
            }
        }
        return Set.of(n);
    }

    // ---- plain-text form for persistence ----

    /** One line per fact, tab-separated, stable order; see {@link StateCodec}. */
    public List<String> toLines() {
        return StateCodec.encode(this);
    }

    /** The inverse of {@link #toLines()}. */
    public static EngineState fromLines(List<String> lines) {
        return StateCodec.decode(lines);
    }
}
