package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.pin.PinHasher;
import io.cagekeeper.policy.pin.PinVerifier;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides access requests against a snapshot. Pure and deterministic: the same snapshot, state and
 * request always give the same outcome, which is what lets reconciliation re-judge the log with this
 * very class and replay reproduce any recorded decision. Deny by default: a grant needs a positive
 * reason (a grant or a visit), and any deny reason overrides it.
 *
 * <p>Check order, which is also the order of the reason codes: reader; fire egress; card read;
 * credential status and validity; person; restriction; grant or visit; threat level; interlock;
 * anti-passback; door mode factor (PIN/biometric, only when nothing denied). Then the waiting rules:
 * a visitor waits for the escort, the first of two persons waits for the second.
 */
public final class PolicyEngine {

    private final PinVerifier pins;

    /** Verifies PINs with Argon2id ({@link PinHasher}). */
    public PolicyEngine() {
        this(new PinHasher());
    }

    /** Verifies PINs with {@code pins}; replay passes the recorded outcome. */
    public PolicyEngine(PinVerifier pins) {
        this.pins = Objects.requireNonNull(pins, "pins");
    }

    /**
     * The stateless subset: decides as if nothing were remembered (no anti-passback history, no
     * pending companions, no open doors, threat level NORMAL, no fire alarm). Kept for callers that do
     * not track state; stateful rules can then only answer PENDING or grant a first passage.
     */
    public Decision decide(PolicySnapshot snapshot, AccessRequest request) {
        return decide(snapshot, EngineState.initial(), request).decision();
    }

    /**
     * Decides one request in the given state and returns the decision, the next state and facts to
     * record. Never mutates anything; the caller swaps in {@link Outcome#next()}.
     *
     * <p>The texts of the decision (sentence, and for grants {@code decidedBy}) are rendered when first
     * read (see {@link Decision}); what they say is fixed here.
     */
    public Outcome decide(PolicySnapshot snapshot, EngineState state, AccessRequest request) {
        return decide(snapshot, state, request, true);
    }

    /**
     * @param fast false runs every check on the full path; the outcome is the same (tests compare the two)
     */
    Outcome decide(PolicySnapshot snapshot, EngineState state, AccessRequest request, boolean fast) {
        PolicySnapshot s = Objects.requireNonNull(snapshot, "snapshot");
        // The card lookup has no effect and is used only after the reader checks below; it is started
        // first so that its likely cache miss (a million-badge index) overlaps the reader lookup.
        CardRead read = request.card();
        int slot = read instanceof CardRead.Decoded decoded ? s.cardSlot(decoded.card()) : -1;
        ReaderEntry re = s.readerEntry(request.readerId());
        if (re == null) {
            String readerId = request.readerId();
            return deny(s, state, ReasonCode.UNKNOWN_READER, "rule:reader",
                    () -> "Denied: reader " + readerId + " is not configured");
        }
        Door door = re.door();
        boolean entry = re.entry();
        if (state.fireAlarm() && !entry) {
            return new Outcome(Decision.deferred(Result.GRANT, Reasons.of(ReasonCode.FIRE_EGRESS), "rule:fire-egress",
                    s.version(), () -> "Granted: fire alarm releases egress at " + door.name()), state, List.of(), null);
        }
        if (read instanceof CardRead.Unreadable bad) {
            return deny(s, state, ReasonCode.BAD_CARD_READ, "rule:card-read",
                    () -> "Denied: unreadable card at " + door.name() + " (" + bad.why() + ")");
        }
        CardNumber card = ((CardRead.Decoded) read).card();
        if (slot < 0) {
            return deny(s, state, ReasonCode.UNKNOWN_CREDENTIAL, "rule:credential",
                    () -> "Denied: credential " + card + " is not enrolled");
        }
        Instant at = request.at();
        if (fast && re.plain() && state.threatLevel() == ThreatLevel.NORMAL && state.pending().isEmpty()
                && s.plainlyUsable(slot, at.getEpochSecond())) {
            return plain(s, state, re, slot, card, at);
        }
        return full(s, state, request, re, slot, card, at);
    }

    /**
     * The common case, decided from the card slot and the owner's grant slots alone: a plainly usable
     * badge (active, valid, owner a known, unrestricted, non-terminated non-visitor) at a plain door
     * (no zone rule, interlock or door mode) in a quiet state (threat level NORMAL, nobody waiting).
     * Every other check of {@link #full} is then known to pass, so only the grant search is left, and it
     * is the very search {@link #full} runs; the texts are rendered from the same inputs.
     */
    private static Outcome plain(PolicySnapshot s, EngineState state, ReaderEntry re, int slot, CardNumber card,
                                 Instant at) {
        long localSeconds = s.clock().localSeconds(at);
        int found = s.singleInlinedGrant(slot)
                ? Authorization.searchInlined(s, slot, re.doorIndex(), at, localSeconds)
                : Authorization.search(s, s.grantSlotsStartOfCard(slot), s.grantSlotsEndOfCard(slot),
                        re.doorIndex(), at, localSeconds);
        int person = s.personOfSlot(slot);
        Door door = re.door();
        Decision d = found >= 0
                ? Decision.deferred(Result.GRANT, Reasons.of(ReasonCode.ACCESS_LEVEL_GRANTED), s.version(),
                        new GrantText(s, person, card, door, found))
                : Decision.deferred(Result.DENY, Reasons.of(Authorization.missCode(found)), s.version(),
                        new MissText(s, person, card, door, found, localSeconds));
        return new Outcome(d, state, List.of(), null);
    }

    private Outcome full(PolicySnapshot s, EngineState state, AccessRequest request, ReaderEntry re, int slot,
                         CardNumber card, Instant at) {
        Reader reader = re.reader();
        Door door = re.door();
        boolean entry = re.entry();
        int ci = s.credentialOfSlot(slot);
        Judgement j = new Judgement();
        if (!s.plainlyUsable(slot, at.getEpochSecond())) {
            CredentialChecks.check(s, s.credentialAt(ci), at, card, j);
        }
        int pi = s.personOfSlot(slot);
        Person person = pi < 0 ? null : s.personAt(pi);
        if (person == null) {
            String credentialId = s.credentialAt(ci).id();
            j.deny(ReasonCode.UNKNOWN_PERSON, "credential:" + credentialId,
                    () -> "Denied: credential " + card + " belongs to no known person");
            return deny(s, state, j);
        }
        if (person.terminatedAt(at)) {
            j.deny(ReasonCode.PERSON_TERMINATED, "person:" + person.id(),
                    () -> "Denied: " + person.name() + " was terminated at " + Sentences.local(s, person.terminatedAt()));
        }
        if (entry) {
            SituationChecks.restrictions(s, person, door, at, card, j);
        }
        int doorIndex = re.doorIndex();
        boolean visitor = person.type() == PersonType.VISITOR;
        Visit visit = null;
        int grantSlot = -1;
        if (visitor) {
            visit = Authorization.visit(s, person, door, entry, at, card, j);
        } else {
            grantSlot = Authorization.grant(s, pi, person, door, doorIndex, at, card, j);
        }
        String grantLevel = grantSlot < 0 ? null : s.levelIdOfSlot(grantSlot);
        if (entry) {
            SituationChecks.threat(s, state, person, grantLevel, card, j);
        }
        SituationChecks.interlock(s, state, door, j);
        ZonePolicy zp = re.zonePolicy();
        boolean softApb = SituationChecks.antiPassback(s, state, zp, person, door, entry, at, card, j);
        if (j.denied()) {
            return deny(s, state, j, apbFact(j, zp, person, reader, at));
        }
        EngineState next = state;
        Boolean pinMatched = null;
        ReasonCode verified = null;
        List<EngineFact> facts = new ArrayList<>(0);
        DoorMode mode = FactorCheck.mode(s, doorIndex, at);
        if (mode != DoorMode.CARD_ONLY) {
            FactorCheck.Result f = FactorCheck.check(s, state, pins, mode, s.credentialAt(ci), door, request, card, j);
            next = f.state();
            pinMatched = f.pinMatched();
            verified = f.verified();
            if (f.fact() != null) {
                facts.add(f.fact());
            }
            if (j.denied()) {
                return new Outcome(denial(s, j), next, facts, pinMatched);
            }
        }
        if (softApb) {
            facts.add(new EngineFact.ApbViolation(person.id(), zp.zoneId(), ApbMode.SOFT, reader.id(), at));
        }
        Passage passage = new Passage(s, next, door, entry, zp, person, ci, card, at, facts);
        Decision decision = visitor
                ? passage.visitorWaits(visit)
                : passage.staffPasses(grantSlot, verified, softApb);
        return new Outcome(decision, passage.state(), facts, pinMatched);
    }

    private static EngineFact apbFact(Judgement j, ZonePolicy zp, Person p, Reader r, Instant at) {
        return j.contains(ReasonCode.APB_VIOLATION) || j.contains(ReasonCode.APB_TIMED_REENTRY)
                ? new EngineFact.ApbViolation(p.id(), zp.zoneId(), zp.apb(), r.id(), at) : null;
    }

    private static Decision denial(PolicySnapshot s, Judgement j) {
        return Decision.deferred(Result.DENY, j.denies(), j.decidedBy(), s.version(), j.sentence());
    }

    private static Outcome deny(PolicySnapshot s, EngineState state, Judgement j) {
        return new Outcome(denial(s, j), state, List.of(), null);
    }

    private static Outcome deny(PolicySnapshot s, EngineState state, Judgement j, EngineFact fact) {
        return new Outcome(denial(s, j), state, FactorCheck.facts(fact), null);
    }

    private static Outcome deny(PolicySnapshot s, EngineState state, ReasonCode code, String by, Supplier<String> sentence) {
        return new Outcome(Decision.deferred(Result.DENY, Reasons.of(code), by, s.version(), sentence), state, List.of(), null);
    }
}
