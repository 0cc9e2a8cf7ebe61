package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.state.ApbMark;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.policy.state.Pending;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last step of a request nothing denied: the waiting rules (escort, two-person) and the state a
 * passage leaves behind (anti-passback marks, released interlocked door). One instance per request.
 */
final class Passage {

    private final PolicySnapshot s;
    private EngineState state;
    private final Door door;
    private final boolean entry;
    private final ZonePolicy zp;
    private final Person person;
    private final int credential;
    private final CardNumber card;
    private final Instant at;
    private final List<EngineFact> facts;

    Passage(PolicySnapshot s, EngineState state, Door door, boolean entry, ZonePolicy zp,
            Person person, int credential, CardNumber card, Instant at, List<EngineFact> facts) {
        this.s = s;
        this.state = state;
        this.door = door;
        this.entry = entry;
        this.zp = zp;
        this.person = person;
        this.credential = credential;
        this.card = card;
        this.at = at;
        this.facts = facts;
    }

    private String credentialId() {
        return s.credentialAt(credential).id();
    }

    EngineState state() {
        return state;
    }

    /** A visitor never passes alone: they wait at the door for their named escort. */
    Decision visitorWaits(Visit v) {
        int window = s.rules().escortWindowSeconds();
        state = state.withPending(new Pending(Pending.Kind.ESCORT, door.id(), person.id(), credentialId(), v.id(),
                at, at.plusSeconds(window)));
        Person p = person;
        Door d = door;
        CardNumber c = card;
        PolicySnapshot snapshot = s;
        return Decision.deferred(Result.PENDING, Reasons.of(ReasonCode.VISIT_AWAITING_ESCORT), "visit:" + v.id(),
                s.version(), () -> {
                    Person escort = snapshot.person(v.escortPersonId());
                    return "Pending: visitor " + p.name() + " (" + c + ") waits at " + d.name() + " for escort "
                            + (escort == null ? v.escortPersonId() : escort.name()) + " (up to " + window + " s)";
                });
    }

    /** Staff with a grant: waits as the first of two persons, or passes (with any waiting companion). */
    Decision staffPasses(int grantSlot, ReasonCode verified, boolean softApb) {
        String decidedBy = s.decidedByOfSlot(grantSlot);
        if (verified == null && !softApb && zp == null && door.interlockGroup() == null && state.pending().isEmpty()) {
            // The common case: no waiting rule, no state to touch.
            String name = person.name();
            CardNumber c = card;
            Door d = door;
            PolicySnapshot snapshot = s;
            return Decision.deferred(Result.GRANT, Reasons.of(ReasonCode.ACCESS_LEVEL_GRANTED), decidedBy, s.version(),
                    () -> GrantText.sentence(snapshot, name, c, d, grantSlot));
        }
        List<ReasonCode> reasons = new ArrayList<>(3);
        reasons.add(ReasonCode.ACCESS_LEVEL_GRANTED);
        if (verified != null) {
            reasons.add(verified);
        }
        if (softApb) {
            reasons.add(ReasonCode.APB_VIOLATION_RECORDED);
        }
        String together = null;
        String escorted = null;
        if (entry && zp != null && zp.twoPerson()) {
            Pending first = state.pendingAt(Pending.Kind.TWO_PERSON, door.id(), at);
            if (first == null || first.personId().equals(person.id())) {
                state = state.withPending(new Pending(Pending.Kind.TWO_PERSON, door.id(), person.id(), credentialId(),
                        null, at, at.plusSeconds(zp.twoPersonSeconds())));
                Person p = person;
                Door d = door;
                CardNumber c = card;
                int seconds = zp.twoPersonSeconds();
                return Decision.deferred(Result.PENDING, Reasons.of(ReasonCode.TWO_PERSON_AWAITING_SECOND),
                        "rule:two-person:" + zp.zoneId(), s.version(), () -> "Pending: " + p.name() + " (" + c
                        + ") at " + d.name() + " waits for a second authorized person (up to " + seconds + " s)");
            }
            state = state.withoutPending(first);
            reasons.add(ReasonCode.TWO_PERSON_SATISFIED);
            admit(first, decidedBy);
            together = first.personId();
        }
        Pending visitor = state.pendingAt(Pending.Kind.ESCORT, door.id(), at);
        if (visitor != null && escortOf(visitor)) {
            state = state.withoutPending(visitor);
            reasons.add(ReasonCode.ESCORT_PRESENT);
            admit(visitor, "visit:" + visitor.visitId());
            escorted = visitor.personId();
        }
        mark(person.id());
        if (door.interlockGroup() != null) {
            state = state.doorReleased(door.id());
        }
        String with = together;
        String escorting = escorted;
        PolicySnapshot snapshot = s;
        String name = person.name();
        CardNumber c = card;
        Door d = door;
        return Decision.deferred(Result.GRANT, reasons, decidedBy, s.version(), () -> {
            StringBuilder sentence = new StringBuilder(GrantText.sentence(snapshot, name, c, d, grantSlot));
            if (with != null) {
                sentence.append(", together with ").append(nameOf(snapshot, with));
            }
            if (escorting != null) {
                sentence.append(", escorting visitor ").append(nameOf(snapshot, escorting));
            }
            if (softApb) {
                sentence.append("; anti-passback violation recorded");
            }
            return sentence.toString();
        });
    }

    private boolean escortOf(Pending visitor) {
        for (Visit v : s.visitsOf(visitor.personId())) {
            if (v.id().equals(visitor.visitId())) {
                return person.id().equals(v.escortPersonId()) && v.validAt(at);
            }
        }
        return false;
    }

    private void admit(Pending companion, String decidedBy) {
        facts.add(new EngineFact.CompanionAdmitted(companion.personId(), companion.credentialId(), door.id(),
                companion.kind(), decidedBy, at));
        mark(companion.personId());
    }

    private void mark(String personId) {
        if (zp != null && zp.apb() != ApbMode.NONE) {
            state = state.withApbMark(new ApbMark(personId, zp.zoneId(), entry, at));
        }
    }

    private static String nameOf(PolicySnapshot s, String personId) {
        Person p = s.person(personId);
        return p == null ? personId : p.name();
    }
}
