package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static io.cagekeeper.policy.engine.BothPaths.decision;
import static io.cagekeeper.policy.engine.BothPaths.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.state.ApbMark;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.policy.state.Pending;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The waiting rules and what a passage with a companion leaves behind: who is remembered waiting,
 * for how long, who is admitted with whom, and that every person passing is marked for anti-passback.
 */
class CompanionRulesTest {

    private final TestSite site = new TestSite();
    private final BothPaths judge = new BothPaths(new PolicyEngine());

    private Outcome at(PolicySnapshot s, EngineState st, String person, String reader, Instant when) {
        return judge.decide(s, st, site.read(person, reader, when));
    }

    private void visit(String id, String zone, Instant until, String escort) {
        site.visits.add(new Visit(id, "vera", zone, WED_10.minusSeconds(3600), until, escort, "reception"));
    }

    @Test
    void aVisitorIsRememberedWaitingAtTheDoorForTheSiteEscortWindow() {
        site.escortWindowSeconds = 25;
        visit("v-1", "hall", WED_10.plusSeconds(3600), "bob");
        Outcome waits = at(site.snapshot(), EngineState.initial(), "vera", "a-in", WED_10);
        assertThat(waits.decision()).isEqualTo(decision(Result.PENDING, "visit:v-1",
                "Pending: visitor Vera (18:103) waits at Cage A door for escort Bob (up to 25 s)", ReasonCode.VISIT_AWAITING_ESCORT));
        assertThat(waits.next().pending()).containsExactly(
                new Pending(Pending.Kind.ESCORT, "a", "vera", "c-vera", "v-1", WED_10, WED_10.plusSeconds(25)));
        assertThat(waits.facts()).isEmpty();
    }

    @Test
    void anEscortMissingFromThePolicyIsNamedByItsId() {
        visit("v-1", "hall", WED_10.plusSeconds(3600), "ghost");
        assertThat(at(site.snapshot(), EngineState.initial(), "vera", "a-in", WED_10).decision().sentence())
                .isEqualTo("Pending: visitor Vera (18:103) waits at Cage A door for escort ghost (up to 10 s)");
    }

    @Test
    void aVisitNamingAnEscortAdmitsEvenWhenAnEscortlessOneAlsoCoversTheDoor() {
        visit("v-0", "hall", WED_10.plusSeconds(3600), null);
        visit("v-1", "hall", WED_10.plusSeconds(3600), "bob");
        assertThat(at(site.snapshot(), EngineState.initial(), "vera", "a-in", WED_10).decision().decidedBy())
                .isEqualTo("visit:v-1");
    }

    @Test
    void theEscortIsCheckedAgainstTheVisitTheVisitorWaitsOn() {
        visit("v-0", "cage-b", WED_10.plusSeconds(3600), "alice");   // does not cover cage A
        visit("v-1", "hall", WED_10.plusSeconds(3600), "bob");
        PolicySnapshot s = site.snapshot();
        Outcome waits = at(s, EngineState.initial(), "vera", "a-in", WED_10);
        assertThat(waits.decision().decidedBy()).isEqualTo("visit:v-1");
        Outcome alice = at(s, waits.next(), "alice", "a-in", WED_10.plusSeconds(2));
        assertThat(alice.decision()).as("alice escorts visit v-0, not the visit vera waits on")
                .isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage A door"));
        assertThat(alice.facts()).isEmpty();
        Outcome bob = at(s, waits.next(), "bob", "a-in", WED_10.plusSeconds(2));
        assertThat(bob.decision()).isEqualTo(decision(Result.GRANT, "grant:g-bob",
                "Granted: Bob (18:101) at Cage A door by access level all, approved by manager, escorting visitor Vera",
                ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.ESCORT_PRESENT));
        assertThat(bob.facts()).containsExactly(new EngineFact.CompanionAdmitted("vera", "c-vera", "a", Pending.Kind.ESCORT,
                "visit:v-1", WED_10.plusSeconds(2)));
        assertThat(bob.next().pending()).isEmpty();
    }

    @Test
    void anEscortWhoseVisitEndedWhileTheVisitorWaitedPassesAlone() {
        visit("v-1", "hall", WED_10.plusSeconds(5), "bob");
        PolicySnapshot s = site.snapshot();
        EngineState waiting = at(s, EngineState.initial(), "vera", "a-in", WED_10).next();
        Outcome bob = at(s, waiting, "bob", "a-in", WED_10.plusSeconds(6));
        assertThat(bob.decision()).isEqualTo(granted("Bob", "18:101", "g-bob", "all", "Cage A door"));
        assertThat(bob.facts()).isEmpty();
        assertThat(bob.next().pending()).extracting(Pending::personId).containsExactly("vera");
    }

    @Test
    void aVisitWithdrawnWhileTheVisitorWaitsAdmitsNobody() {
        visit("v-1", "hall", WED_10.plusSeconds(3600), "bob");
        EngineState waiting = at(site.snapshot(), EngineState.initial(), "vera", "a-in", WED_10).next();
        site.visits.clear();
        Outcome bob = at(site.snapshot(), waiting, "bob", "a-in", WED_10.plusSeconds(2));
        assertThat(bob.decision()).isEqualTo(granted("Bob", "18:101", "g-bob", "all", "Cage A door"));
        assertThat(bob.facts()).isEmpty();
    }

    @Test
    void theFirstOfTwoPersonsIsRememberedForTheZonesSecondsAndTheSecondAdmitsThemUnderTheirOwnGrant() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.NONE, 0, 15));
        PolicySnapshot s = site.snapshot();
        Outcome first = at(s, EngineState.initial(), "alice", "vault-in", WED_10);
        assertThat(first.decision()).isEqualTo(decision(Result.PENDING, "rule:two-person:vault",
                "Pending: Alice (18:100) at Vault door waits for a second authorized person (up to 15 s)",
                ReasonCode.TWO_PERSON_AWAITING_SECOND));
        assertThat(first.next().pending()).containsExactly(
                new Pending(Pending.Kind.TWO_PERSON, "vault", "alice", "c-alice", null, WED_10, WED_10.plusSeconds(15)));
        assertThat(first.facts()).isEmpty();
        Outcome second = at(s, first.next(), "bob", "vault-in", WED_10.plusSeconds(15));
        assertThat(second.decision()).isEqualTo(decision(Result.GRANT, "grant:g-bob",
                "Granted: Bob (18:101) at Vault door by access level all, approved by manager, together with Alice",
                ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.TWO_PERSON_SATISFIED));
        assertThat(second.facts()).containsExactly(new EngineFact.CompanionAdmitted("alice", "c-alice", "vault",
                Pending.Kind.TWO_PERSON, "grant:g-bob", WED_10.plusSeconds(15)));
        assertThat(second.next().pending()).isEmpty();
        assertThat(second.next().apb()).as("no anti-passback in the zone: nobody is marked").isEmpty();
    }

    @Test
    void leavingATwoPersonZoneNeedsNoSecondPerson() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.NONE, 0, 15));
        Outcome out = at(site.snapshot(), EngineState.initial(), "alice", "vault-out", WED_10);
        assertThat(out.decision()).isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Vault door"));
        assertThat(out.next()).isEqualTo(EngineState.initial());
    }

    @Test
    void theEscortAsSecondPersonAdmitsTheFirstAndTheVisitorAndAllThreeAreMarkedInside() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.HARD, 0, 15));
        visit("v-1", "vault", WED_10.plusSeconds(3600), "bob");
        PolicySnapshot s = site.snapshot();
        Outcome vera = at(s, EngineState.initial(), "vera", "vault-in", WED_10);
        assertThat(vera.decision().result()).isEqualTo(Result.PENDING);
        Outcome alice = at(s, vera.next(), "alice", "vault-in", WED_10.plusSeconds(2));
        assertThat(alice.decision().reasons()).containsExactly(ReasonCode.TWO_PERSON_AWAITING_SECOND);
        assertThat(alice.next().apb()).as("nobody has passed yet").isEmpty();

        Instant t = WED_10.plusSeconds(4);
        Outcome bob = at(s, alice.next(), "bob", "vault-in", t);
        assertThat(bob.decision()).isEqualTo(decision(Result.GRANT, "grant:g-bob",
                "Granted: Bob (18:101) at Vault door by access level all, approved by manager, together with Alice, "
                        + "escorting visitor Vera",
                ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.TWO_PERSON_SATISFIED, ReasonCode.ESCORT_PRESENT));
        assertThat(bob.facts()).containsExactly(
                new EngineFact.CompanionAdmitted("alice", "c-alice", "vault", Pending.Kind.TWO_PERSON, "grant:g-bob", t),
                new EngineFact.CompanionAdmitted("vera", "c-vera", "vault", Pending.Kind.ESCORT, "visit:v-1", t));
        EngineState after = bob.next();
        assertThat(after.pending()).isEmpty();
        for (String person : new String[] {"alice", "bob", "vera"}) {
            assertThat(after.apbMark(person, "vault")).as(person).isEqualTo(new ApbMark(person, "vault", true, t));
        }
        Outcome veraAgain = at(s, after, "vera", "vault-in", WED_10.plusSeconds(30));
        assertThat(veraAgain.decision()).isEqualTo(decision(Result.DENY, "rule:anti-passback:vault",
                "Denied: Vera (18:103) is recorded inside Vault since 2026-11-25 10:00 (anti-passback)",
                ReasonCode.APB_VIOLATION));
        assertThat(veraAgain.facts()).containsExactly(new EngineFact.ApbViolation("vera", "vault", ApbMode.HARD, "vault-in",
                WED_10.plusSeconds(30)));
    }

    @Test
    void anEscortedVisitorIsMarkedInsideUnderSoftAntiPassbackAndAReEntryIsRecorded() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.SOFT, 0, 0));
        visit("v-1", "cage-b", WED_10.plusSeconds(3600), "bob");
        PolicySnapshot s = site.snapshot();
        EngineState waiting = at(s, EngineState.initial(), "vera", "b-in", WED_10).next();
        Outcome bob = at(s, waiting, "bob", "b-in", WED_10.plusSeconds(3));
        assertThat(bob.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.ESCORT_PRESENT);
        assertThat(bob.facts()).noneMatch(f -> f instanceof EngineFact.ApbViolation);
        assertThat(bob.next().apbMark("vera", "cage-b")).isEqualTo(new ApbMark("vera", "cage-b", true, WED_10.plusSeconds(3)));
        Outcome again = at(s, bob.next(), "vera", "b-in", WED_10.plusSeconds(60));
        assertThat(again.decision().result()).as("a visitor still waits for the escort").isEqualTo(Result.PENDING);
        assertThat(again.facts()).containsExactly(new EngineFact.ApbViolation("vera", "cage-b", ApbMode.SOFT, "b-in",
                WED_10.plusSeconds(60)));
    }
}
