package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.state.ApbMark;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SituationRulesTest {

    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine();

    private Outcome at(PolicySnapshot s, EngineState st, String person, String reader, Instant when) {
        return engine.decide(s, st, site.read(person, reader, when));
    }

    @Test
    void hardAntiPassbackDeniesASecondEntryWithoutAnExit() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.HARD, 0, 0));
        PolicySnapshot s = site.snapshot();
        Outcome in = at(s, EngineState.initial(), "alice", "b-in", WED_10);
        assertThat(in.decision().granted()).isTrue();
        assertThat(in.next().apbMark("alice", "cage-b")).isEqualTo(new ApbMark("alice", "cage-b", true, WED_10));
        Outcome again = at(s, in.next(), "alice", "b-in", WED_10.plusSeconds(60));
        assertThat(again.decision().reasons()).containsExactly(ReasonCode.APB_VIOLATION);
        assertThat(again.decision().decidedBy()).isEqualTo("rule:anti-passback:cage-b");
        assertThat(again.facts()).containsExactly(new EngineFact.ApbViolation("alice", "cage-b", ApbMode.HARD, "b-in",
                WED_10.plusSeconds(60)));
        Outcome out = at(s, in.next(), "alice", "b-out", WED_10.plusSeconds(120));
        assertThat(out.decision().granted()).isTrue();
        assertThat(at(s, out.next(), "alice", "b-in", WED_10.plusSeconds(180)).decision().granted()).isTrue();
        assertThat(at(s, out.next(), "alice", "b-out", WED_10.plusSeconds(180)).decision().reasons())
                .containsExactly(ReasonCode.APB_VIOLATION);
    }

    @Test
    void softAntiPassbackGrantsAndRecordsTheViolation() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.SOFT, 0, 0));
        PolicySnapshot s = site.snapshot();
        EngineState inside = at(s, EngineState.initial(), "alice", "b-in", WED_10).next();
        Outcome again = at(s, inside, "alice", "b-in", WED_10.plusSeconds(60));
        assertThat(again.decision().result()).isEqualTo(Result.GRANT);
        assertThat(again.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.APB_VIOLATION_RECORDED);
        assertThat(again.decision().sentence()).endsWith("; anti-passback violation recorded");
        assertThat(again.facts()).containsExactly(new EngineFact.ApbViolation("alice", "cage-b", ApbMode.SOFT, "b-in",
                WED_10.plusSeconds(60)));
    }

    @Test
    void timedAntiPassbackBlocksReEntryForItsMinutes() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.TIMED, 5, 0));
        PolicySnapshot s = site.snapshot();
        EngineState inside = at(s, EngineState.initial(), "alice", "b-in", WED_10).next();
        assertThat(at(s, inside, "alice", "b-in", WED_10.plusSeconds(299)).decision().reasons())
                .containsExactly(ReasonCode.APB_TIMED_REENTRY);
        assertThat(at(s, inside, "alice", "b-in", WED_10.plusSeconds(300)).decision().granted()).isTrue();
    }

    @Test
    void forgivingAPersonClearsTheirAntiPassbackStateAndNamesTheOperator() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.HARD, 0, 0));
        PolicySnapshot s = site.snapshot();
        EngineState inside = at(s, EngineState.initial(), "alice", "b-in", WED_10).next();
        inside = at(s, inside, "bob", "b-in", WED_10).next();
        var forgiven = inside.forgive("alice", "operator-jo", WED_10.plusSeconds(30));
        assertThat(forgiven.fact()).isEqualTo(new EngineFact.ApbForgiven("alice", "operator-jo", WED_10.plusSeconds(30)));
        assertThat(forgiven.state().apbMark("alice", "cage-b")).isNull();
        assertThat(forgiven.state().apbMark("bob", "cage-b")).isNotNull();
        assertThat(at(s, forgiven.state(), "alice", "b-in", WED_10.plusSeconds(60)).decision().granted()).isTrue();
    }

    @Test
    void anInterlockedDoorStaysLockedWhileItsPartnerIsOpenOrReleased() {
        PolicySnapshot s = site.snapshot();
        Outcome first = at(s, EngineState.initial(), "alice", "m1-in", WED_10);
        assertThat(first.decision().granted()).isTrue();
        assertThat(first.next().released()).containsExactly("m1");
        Decision blocked = at(s, first.next(), "alice", "m2-in", WED_10.plusSeconds(5)).decision();
        assertThat(blocked.reasons()).containsExactly(ReasonCode.INTERLOCK_BUSY);
        assertThat(blocked.sentence()).isEqualTo("Denied: Mantrap inner stays locked while Mantrap outer of its mantrap is released");
        EngineState opened = first.next().doorOpened("m1").relocked("m1");
        assertThat(at(s, opened, "alice", "m2-in", WED_10.plusSeconds(6)).decision().reasons())
                .containsExactly(ReasonCode.INTERLOCK_BUSY);
        EngineState closed = opened.doorClosed("m1");
        assertThat(at(s, closed, "alice", "m2-in", WED_10.plusSeconds(7)).decision().granted()).isTrue();
    }

    @Test
    void elevatedThreatLevelAdmitsEmployeesOnlyAndLetsEveryoneOut() {
        PolicySnapshot s = site.snapshot();
        EngineState elevated = EngineState.initial().withThreatLevel(ThreatLevel.ELEVATED);
        assertThat(at(s, elevated, "alice", "hall-in", WED_10).decision().granted()).isTrue();
        Decision carl = at(s, elevated, "carl", "hall-in", WED_10).decision();
        assertThat(carl.reasons()).containsExactly(ReasonCode.THREAT_LEVEL_RESTRICTED);
        assertThat(carl.sentence()).isEqualTo("Denied: Carl (18:102) may not enter while the site is at ELEVATED");
        assertThat(at(s, elevated, "carl", "hall-out", WED_10).decision().granted()).isTrue();
    }

    @Test
    void lockdownAdmitsOnlyWhomItsRuleNames() {
        site.threatRules.add(new ThreatRule(ThreatLevel.LOCKDOWN, List.of(), List.of("office")));
        PolicySnapshot s = site.snapshot();
        EngineState lockdown = EngineState.initial().withThreatLevel(ThreatLevel.LOCKDOWN);
        assertThat(at(s, lockdown, "alice", "hall-in", WED_10).decision().reasons()).containsExactly(ReasonCode.THREAT_LEVEL_RESTRICTED);
        assertThat(at(s, lockdown, "carl", "hall-in", WED_10).decision().granted()).isTrue();
        site.threatRules.set(0, new ThreatRule(ThreatLevel.LOCKDOWN, List.of(PersonType.EMPLOYEE), List.of()));
        assertThat(at(site.snapshot(), lockdown, "alice", "hall-in", WED_10).decision().granted()).isTrue();
    }

    @Test
    void lockdownWithoutARuleAdmitsNobody() {
        EngineState lockdown = EngineState.initial().withThreatLevel(ThreatLevel.LOCKDOWN);
        assertThat(at(site.snapshot(), lockdown, "alice", "hall-in", WED_10).decision().reasons())
                .containsExactly(ReasonCode.THREAT_LEVEL_RESTRICTED);
    }

    @Test
    void aFireAlarmReleasesEveryExitReaderWhateverIsPresented() {
        PolicySnapshot s = site.snapshot();
        EngineState fire = EngineState.initial().fireAlarm(true);
        Decision unknown = engine.decide(s, fire, new AccessRequest("a-out", new CardRead.Unreadable("noise"), null, null, WED_10)).decision();
        assertThat(unknown.result()).isEqualTo(Result.GRANT);
        assertThat(unknown.reasons()).containsExactly(ReasonCode.FIRE_EGRESS);
        assertThat(unknown.decidedBy()).isEqualTo("rule:fire-egress");
        assertThat(engine.decide(s, fire, new AccessRequest("a-in", new CardRead.Decoded(CardNumber.h10301(9, 9)), null, null, WED_10))
                .decision().reasons()).containsExactly(ReasonCode.UNKNOWN_CREDENTIAL);
        assertThat(at(s, fire.fireAlarm(false), "carl", "a-out", WED_10).decision().granted()).isFalse();
    }

    @Test
    void aRestrictionOverridesEveryGrant() {
        site.restrictions.add(new Restriction("r-1", "alice", "hall", WED_10.minusSeconds(1), null, "under investigation", "security"));
        PolicySnapshot s = site.snapshot();
        Decision d = at(s, EngineState.initial(), "alice", "a-in", WED_10).decision();
        assertThat(d.result()).isEqualTo(Result.DENY);
        assertThat(d.reasons()).containsExactly(ReasonCode.PERSON_RESTRICTED);
        assertThat(d.decidedBy()).isEqualTo("restriction:r-1");
        assertThat(d.sentence()).isEqualTo("Denied: Alice (18:100) is restricted from hall by security: under investigation");
        assertThat(at(s, EngineState.initial(), "alice", "a-out", WED_10).decision().granted())
                .as("a restriction never traps anyone inside").isTrue();
        assertThat(at(s, EngineState.initial(), "bob", "a-in", WED_10).decision().granted()).isTrue();
    }
    @Test
    void aRestrictionHoldsOnlyInItsWindowAndItsZone() {
        site.restrictions.add(new Restriction("r-future", "alice", "hall", WED_10.plusSeconds(1), null, "from tomorrow", "security"));
        site.restrictions.add(new Restriction("r-past", "alice", "hall", WED_10.minusSeconds(7200), WED_10, "lifted", "security"));
        site.restrictions.add(new Restriction("r-b", "alice", "cage-b", WED_10.minusSeconds(60), null, "not cage b", "security"));
        PolicySnapshot s = site.snapshot();
        assertThat(at(s, EngineState.initial(), "alice", "a-in", WED_10).decision().granted())
                .as("not yet started, already ended, and another zone: none applies to cage A").isTrue();
        assertThat(at(s, EngineState.initial(), "alice", "b-in", WED_10).decision().decidedBy()).isEqualTo("restriction:r-b");
    }

    @Test
    void aRestrictionWithoutAZoneClosesTheWholeSite() {
        site.restrictions.add(new Restriction("r-all", "alice", null, WED_10.minusSeconds(60), null, "badge revoked", "security"));
        Decision d = at(site.snapshot(), EngineState.initial(), "alice", "a-in", WED_10).decision();
        assertThat(d.sentence()).isEqualTo("Denied: Alice (18:100) is restricted from the site by security: badge revoked");
    }

    @Test
    void consistentPassagesUnderSoftAntiPassbackRecordNoViolation() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.SOFT, 0, 0));
        PolicySnapshot s = site.snapshot();
        Outcome in = at(s, EngineState.initial(), "alice", "b-in", WED_10);
        Outcome out = at(s, in.next(), "alice", "b-out", WED_10.plusSeconds(60));
        Outcome back = at(s, out.next(), "alice", "b-in", WED_10.plusSeconds(120));
        for (Outcome o : List.of(in, out, back)) {
            assertThat(o.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED);
            assertThat(o.facts()).noneMatch(f -> f instanceof EngineFact.ApbViolation);
        }
    }

    @Test
    void theCompanionAdmittedByTheTwoPersonRuleIsMarkedInsideForAntiPassback() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.HARD, 0, 15));
        PolicySnapshot s = site.snapshot();
        EngineState waiting = at(s, EngineState.initial(), "alice", "vault-in", WED_10).next();
        Outcome both = at(s, waiting, "bob", "vault-in", WED_10.plusSeconds(5));
        assertThat(both.decision().result()).isEqualTo(Result.GRANT);
        assertThat(both.next().apbMark("bob", "vault").inside()).isTrue();
        assertThat(both.next().apbMark("alice", "vault")).as("the companion passed too").isNotNull()
                .extracting(ApbMark::inside).isEqualTo(true);
        assertThat(at(s, both.next(), "alice", "vault-in", WED_10.plusSeconds(60)).decision().reasons())
                .contains(ReasonCode.APB_VIOLATION);
    }
}
