package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.policy.state.Pending;
import org.junit.jupiter.api.Test;

class EscortAndTwoPersonTest {

    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine();

    private PolicySnapshot withVisit(String escort) {
        site.visits.add(new Visit("v-1", "vera", "hall", WED_10.minusSeconds(3600), WED_10.plusSeconds(3600), escort, "reception"));
        return site.snapshot();
    }

    @Test
    void aVisitorWaitsForTheEscortThenBothPass() {
        PolicySnapshot s = withVisit("bob");
        Outcome first = engine.decide(s, EngineState.initial(), site.read("vera", "a-in", WED_10));
        assertThat(first.decision().result()).isEqualTo(Result.PENDING);
        assertThat(first.decision().reasons()).containsExactly(ReasonCode.VISIT_AWAITING_ESCORT);
        assertThat(first.decision().decidedBy()).isEqualTo("visit:v-1");
        assertThat(first.decision().sentence()).isEqualTo("Pending: visitor Vera (18:103) waits at Cage A door for escort Bob (up to 10 s)");
        Outcome escort = engine.decide(s, first.next(), site.read("bob", "a-in", WED_10.plusSeconds(10)));
        assertThat(escort.decision().result()).isEqualTo(Result.GRANT);
        assertThat(escort.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.ESCORT_PRESENT);
        assertThat(escort.decision().sentence()).endsWith(", escorting visitor Vera");
        assertThat(escort.facts()).containsExactly(new EngineFact.CompanionAdmitted("vera", "c-vera", "a",
                Pending.Kind.ESCORT, "visit:v-1", WED_10.plusSeconds(10)));
        assertThat(escort.next().pending()).isEmpty();
    }

    @Test
    void anEscortArrivingAfterTheWindowAdmitsNoVisitor() {
        PolicySnapshot s = withVisit("bob");
        EngineState waiting = engine.decide(s, EngineState.initial(), site.read("vera", "a-in", WED_10)).next();
        Outcome late = engine.decide(s, waiting, site.read("bob", "a-in", WED_10.plusSeconds(11)));
        assertThat(late.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED);
        assertThat(late.facts()).isEmpty();
    }

    @Test
    void someoneOtherThanTheNamedEscortAdmitsNoVisitor() {
        PolicySnapshot s = withVisit("bob");
        EngineState waiting = engine.decide(s, EngineState.initial(), site.read("vera", "a-in", WED_10)).next();
        Outcome other = engine.decide(s, waiting, site.read("alice", "a-in", WED_10.plusSeconds(2)));
        assertThat(other.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED);
        assertThat(other.facts()).isEmpty();
        assertThat(other.next().pendingAt(Pending.Kind.ESCORT, "a", WED_10.plusSeconds(2))).isNotNull();
    }

    @Test
    void anEscortAtAnotherDoorAdmitsNoVisitor() {
        PolicySnapshot s = withVisit("bob");
        EngineState waiting = engine.decide(s, EngineState.initial(), site.read("vera", "a-in", WED_10)).next();
        assertThat(engine.decide(s, waiting, site.read("bob", "b-in", WED_10.plusSeconds(2))).facts()).isEmpty();
    }

    @Test
    void deniesAVisitorWithoutAnApprovedVisitAndOneWhoseVisitNamesNoEscort() {
        assertThat(engine.decide(site.snapshot(), site.read("vera", "a-in", WED_10)).reasons())
                .containsExactly(ReasonCode.VISIT_NOT_APPROVED);
        assertThat(engine.decide(withVisit(null), site.read("vera", "a-in", WED_10)).reasons())
                .containsExactly(ReasonCode.VISIT_WITHOUT_ESCORT);
    }

    @Test
    void deniesAVisitorOutsideTheVisitZoneOrWindow() {
        site.visits.add(new Visit("v-2", "vera", "cage-b", WED_10, WED_10.plusSeconds(60), "bob", "reception"));
        PolicySnapshot s = site.snapshot();
        assertThat(engine.decide(s, site.read("vera", "a-in", WED_10)).reasons()).containsExactly(ReasonCode.VISIT_NOT_APPROVED);
        assertThat(engine.decide(s, site.read("vera", "b-in", WED_10.plusSeconds(60))).reasons())
                .containsExactly(ReasonCode.VISIT_NOT_APPROVED);
        assertThat(engine.decide(s, site.read("vera", "b-in", WED_10.plusSeconds(59))).result()).isEqualTo(Result.PENDING);
    }

    @Test
    void aVisitorMayLeaveTheVisitZoneThroughEitherSideOfADoor() {
        // Exit rule: a visit covering the zone left or the zone entered admits, so no visitor is shut in.
        site.doors.add(new Door("ab", "Cage A to B", "cage-a", "cage-b", null));
        site.visits.add(new Visit("v-3", "vera", "cage-a", WED_10.minusSeconds(3600), WED_10.plusSeconds(3600), "bob", "reception"));
        PolicySnapshot s = site.snapshot();
        assertThat(engine.decide(s, site.read("vera", "a-out", WED_10)).result())
                .as("leaving cage-a for the hall: the zone behind the door is the visit's").isEqualTo(Result.PENDING);
        assertThat(engine.decide(s, site.read("vera", "ab-out", WED_10)).result())
                .as("leaving cage-b for cage-a: the zone entered is the visit's").isEqualTo(Result.PENDING);
    }

    @Test
    void aVisitorLeavesOnlyThroughADoorWithTheVisitZoneOnOneSide() {
        site.doors.add(new Door("ab", "Cage A to B", "cage-a", "cage-b", null));
        site.visits.add(new Visit("v-3", "vera", "cage-a", WED_10.minusSeconds(3600), WED_10.plusSeconds(3600), "bob", "reception"));
        PolicySnapshot s = site.snapshot();
        Decision out = engine.decide(s, site.read("vera", "b-out", WED_10));
        assertThat(out.reasons()).as("leaving cage-b for the hall: neither side is the visit's").containsExactly(ReasonCode.VISIT_NOT_APPROVED);
        assertThat(out.sentence()).isEqualTo("Denied: visitor Vera (18:103) has no approved visit for Cage B door now");
        assertThat(engine.decide(s, site.read("vera", "ab-out", WED_10)).result()).isEqualTo(Result.PENDING);
        assertThat(engine.decide(s, site.read("vera", "a-out", WED_10)).result()).isEqualTo(Result.PENDING);
        assertThat(engine.decide(s, site.read("vera", "ab-in", WED_10)).reasons()).as("entering cage-b from the visit zone")
                .containsExactly(ReasonCode.VISIT_NOT_APPROVED);
        assertThat(engine.decide(s, site.read("vera", "a-in", WED_10)).result()).isEqualTo(Result.PENDING);
    }

    @Test
    void aVisitorMayNotEnterAnUncoveredZoneFromTheVisitZone() {
        site.doors.add(new Door("ab", "Cage A to B", "cage-a", "cage-b", null));
        site.visits.add(new Visit("v-3", "vera", "cage-a", WED_10.minusSeconds(3600), WED_10.plusSeconds(3600), "bob", "reception"));
        Decision d = engine.decide(site.snapshot(), site.read("vera", "ab-in", WED_10));
        assertThat(d.reasons()).containsExactly(ReasonCode.VISIT_NOT_APPROVED);
        assertThat(d.sentence()).isEqualTo("Denied: visitor Vera (18:103) has no approved visit for Cage A to B now");
    }

    @Test
    void aVisitNamingNoEscortIsDeniedWithItsId() {
        Decision d = engine.decide(withVisit(null), site.read("vera", "a-in", WED_10));
        assertThat(d.decidedBy()).isEqualTo("visit:v-1");
        assertThat(d.sentence()).isEqualTo("Denied: visitor Vera (18:103) has visit v-1 with no escort named");
    }

    @Test
    void theFirstOfTwoPersonsWaitsAndTheSecondAdmitsBoth() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.NONE, 0, 15));
        PolicySnapshot s = site.snapshot();
        Outcome first = engine.decide(s, EngineState.initial(), site.read("alice", "vault-in", WED_10));
        assertThat(first.decision().result()).isEqualTo(Result.PENDING);
        assertThat(first.decision().reasons()).containsExactly(ReasonCode.TWO_PERSON_AWAITING_SECOND);
        assertThat(first.decision().decidedBy()).isEqualTo("rule:two-person:vault");
        Outcome again = engine.decide(s, first.next(), site.read("alice", "vault-in", WED_10.plusSeconds(5)));
        assertThat(again.decision().result()).as("the same person twice is not two persons").isEqualTo(Result.PENDING);
        Outcome second = engine.decide(s, again.next(), site.read("bob", "vault-in", WED_10.plusSeconds(20)));
        assertThat(second.decision().result()).isEqualTo(Result.GRANT);
        assertThat(second.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.TWO_PERSON_SATISFIED);
        assertThat(second.decision().sentence()).endsWith(", together with Alice");
        assertThat(second.facts()).singleElement().isInstanceOf(EngineFact.CompanionAdmitted.class);
        assertThat(second.next().pending()).isEmpty();
    }

    @Test
    void aSecondPersonAfterTheWindowBecomesTheNewFirst() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.NONE, 0, 15));
        PolicySnapshot s = site.snapshot();
        EngineState st = engine.decide(s, EngineState.initial(), site.read("alice", "vault-in", WED_10)).next();
        Outcome late = engine.decide(s, st, site.read("bob", "vault-in", WED_10.plusSeconds(16)));
        assertThat(late.decision().result()).isEqualTo(Result.PENDING);
        assertThat(late.next().pending()).singleElement().extracting(Pending::personId).isEqualTo("bob");
    }

    @Test
    void anUnauthorizedSecondPersonDoesNotCompleteTheTwoPersonRule() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.NONE, 0, 15));
        PolicySnapshot s = site.snapshot();
        EngineState st = engine.decide(s, EngineState.initial(), site.read("alice", "vault-in", WED_10)).next();
        Outcome carl = engine.decide(s, st, site.read("carl", "vault-in", WED_10.plusSeconds(1)));
        assertThat(carl.decision().result()).isEqualTo(Result.DENY);
        assertThat(carl.next()).isEqualTo(st);
    }
}
