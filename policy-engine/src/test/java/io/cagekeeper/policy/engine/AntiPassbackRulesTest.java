package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static io.cagekeeper.policy.engine.BothPaths.decision;
import static io.cagekeeper.policy.engine.BothPaths.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.pin.PinHasher;
import io.cagekeeper.policy.state.ApbMark;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anti-passback as a person sees it: which passages are refused or recorded, what is said, what is remembered. */
class AntiPassbackRulesTest {

    private final TestSite site = new TestSite();
    private final BothPaths judge = new BothPaths(new PolicyEngine());

    private Outcome at(PolicySnapshot s, EngineState st, String person, String reader, Instant when) {
        return judge.decide(s, st, site.read(person, reader, when));
    }

    @Test
    void aHardViolationSaysWhereThePersonIsRecordedAndSinceWhen() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.HARD, 0, 0));
        PolicySnapshot s = site.snapshot();
        EngineState inside = at(s, EngineState.initial(), "alice", "b-in", WED_10).next();
        Outcome again = at(s, inside, "alice", "b-in", WED_10.plusSeconds(60));
        assertThat(again.decision()).isEqualTo(decision(Result.DENY, "rule:anti-passback:cage-b",
                "Denied: Alice (18:100) is recorded inside Cage B since 2026-11-25 10:00 (anti-passback)",
                ReasonCode.APB_VIOLATION));
        assertThat(again.next()).as("a refused passage moves nobody").isSameAs(inside);

        Outcome out = at(s, inside, "alice", "b-out", WED_10.plusSeconds(120));
        assertThat(out.decision()).isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage B door"));
        assertThat(out.facts()).isEmpty();
        assertThat(out.next().apbMark("alice", "cage-b")).isEqualTo(new ApbMark("alice", "cage-b", false, WED_10.plusSeconds(120)));
        Outcome outAgain = at(s, out.next(), "alice", "b-out", WED_10.plusSeconds(180));
        assertThat(outAgain.decision()).isEqualTo(decision(Result.DENY, "rule:anti-passback:cage-b",
                "Denied: Alice (18:100) is recorded outside Cage B since 2026-11-25 10:02 (anti-passback)",
                ReasonCode.APB_VIOLATION));
        assertThat(outAgain.facts()).containsExactly(new EngineFact.ApbViolation("alice", "cage-b", ApbMode.HARD, "b-out",
                WED_10.plusSeconds(180)));
    }

    @Test
    void aZonePolicyForAZoneWithoutARecordNamesTheZoneById() {
        site.doors.add(new Door("x", "Door X", "hall", "nowhere", null));
        site.levels.add(new AccessLevel("x", "X", List.of(new DoorSchedule("x", "always"))));
        site.grants.add(new Grant("g-alice-x", "alice", "x", TestSite.EPOCH, null, "manager"));
        site.zonePolicies.add(new ZonePolicy("nowhere", ApbMode.HARD, 0, 0));
        PolicySnapshot s = site.snapshot();
        EngineState inside = at(s, EngineState.initial(), "alice", "x-in", WED_10).next();
        assertThat(at(s, inside, "alice", "x-in", WED_10.plusSeconds(1)).decision().sentence())
                .isEqualTo("Denied: Alice (18:100) is recorded inside nowhere since 2026-11-25 10:00 (anti-passback)");
    }

    @Test
    void timedAntiPassbackBlocksReEntryAfterAnEntryOnlyAndSaysForHowLong() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.TIMED, 5, 0));
        PolicySnapshot s = site.snapshot();
        EngineState inside = at(s, EngineState.initial(), "alice", "b-in", WED_10).next();

        Outcome blocked = at(s, inside, "alice", "b-in", WED_10.plusSeconds(299));
        assertThat(blocked.decision()).isEqualTo(decision(Result.DENY, "rule:anti-passback:cage-b",
                "Denied: Alice (18:100) entered Cage B at 2026-11-25 10:00; no re-entry for 5 minutes",
                ReasonCode.APB_TIMED_REENTRY));
        assertThat(blocked.facts()).containsExactly(new EngineFact.ApbViolation("alice", "cage-b", ApbMode.TIMED, "b-in",
                WED_10.plusSeconds(299)));

        Outcome leaving = at(s, inside, "alice", "b-out", WED_10.plusSeconds(60));
        assertThat(leaving.decision()).as("leaving is never blocked")
                .isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage B door"));
        assertThat(leaving.facts()).isEmpty();
        Outcome back = at(s, leaving.next(), "alice", "b-in", WED_10.plusSeconds(120));
        assertThat(back.decision()).as("the block counts from an entry, not from an exit")
                .isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage B door"));
        assertThat(back.facts()).isEmpty();

        Outcome later = at(s, inside, "alice", "b-in", WED_10.plusSeconds(300));
        assertThat(later.decision()).isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage B door"));
        assertThat(later.facts()).as("a re-entry after the block is no violation of any kind").isEmpty();
        assertThat(later.next().apbMark("alice", "cage-b")).isEqualTo(new ApbMark("alice", "cage-b", true, WED_10.plusSeconds(300)));
    }

    @Test
    void everyConsistentPassageUnderEachModeIsAPlainGrantWithNothingRecorded() {
        for (ApbMode mode : List.of(ApbMode.HARD, ApbMode.SOFT, ApbMode.TIMED)) {
            TestSite fresh = new TestSite();
            fresh.zonePolicies.add(new ZonePolicy("cage-b", mode, mode == ApbMode.TIMED ? 1 : 0, 0));
            PolicySnapshot s = fresh.snapshot();
            EngineState st = EngineState.initial();
            String[] readers = {"b-in", "b-out", "b-in"};
            for (int i = 0; i < readers.length; i++) {
                Instant when = WED_10.plusSeconds(120L * i);
                Outcome o = judge.decide(s, st, fresh.read("alice", readers[i], when));
                assertThat(o.decision()).as("%s %s", mode, readers[i])
                        .isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage B door"));
                assertThat(o.facts()).as("%s %s", mode, readers[i]).isEmpty();
                assertThat(o.next().apbMark("alice", "cage-b"))
                        .isEqualTo(new ApbMark("alice", "cage-b", readers[i].endsWith("-in"), when));
                st = o.next();
            }
        }
    }

    @Test
    void aZoneWithoutAntiPassbackMarksNobody() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.NONE, 0, 0));
        PolicySnapshot s = site.snapshot();
        Outcome in = at(s, EngineState.initial(), "alice", "b-in", WED_10);
        Outcome again = at(s, in.next(), "alice", "b-in", WED_10.plusSeconds(1));
        assertThat(again.decision()).isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage B door"));
        assertThat(again.next().apb()).isEmpty();
    }

    @Test
    void aViolationBehindAnEarlierDenyIsStillRecordedAndADenyWithoutOneRecordsNothing() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.HARD, 0, 0));
        PolicySnapshot s = site.snapshot();
        EngineState inside = at(s, EngineState.initial(), "alice", "b-in", WED_10).next();
        Outcome o = at(s, inside.withThreatLevel(ThreatLevel.LOCKDOWN), "alice", "b-in", WED_10.plusSeconds(60));
        assertThat(o.decision()).isEqualTo(decision(Result.DENY, "rule:threat-level",
                "Denied: Alice (18:100) may not enter while the site is at LOCKDOWN",
                ReasonCode.THREAT_LEVEL_RESTRICTED, ReasonCode.APB_VIOLATION));
        assertThat(o.facts()).containsExactly(new EngineFact.ApbViolation("alice", "cage-b", ApbMode.HARD, "b-in",
                WED_10.plusSeconds(60)));
        Outcome first = at(s, EngineState.initial().withThreatLevel(ThreatLevel.LOCKDOWN), "alice", "b-in", WED_10);
        assertThat(first.decision().reasons()).containsExactly(ReasonCode.THREAT_LEVEL_RESTRICTED);
        assertThat(first.facts()).isEmpty();
    }

    @Test
    void aSoftViolationAtAPinDoorIsListedAfterThePinAndRecordedOnlyOnceThePinMatches() {
        PinHasher cheap = new PinHasher(64, 1, 1);
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", CredentialStatus.ACTIVE,
                TestSite.EPOCH, null, null, null, cheap.hash("4711", new SecureRandom())));
        site.doorModes.add(new DoorModeRule("b", DoorMode.CARD_AND_PIN, "always"));
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.SOFT, 0, 0));
        BothPaths pins = new BothPaths(new PolicyEngine(cheap));
        PolicySnapshot s = site.snapshot();
        EngineState inside = pins.decide(s, EngineState.initial(), site.readWithPin("alice", "b-in", "4711", WED_10)).next();

        Outcome wrong = pins.decide(s, inside, site.readWithPin("alice", "b-in", "0000", WED_10.plusSeconds(60)));
        assertThat(wrong.decision().reasons()).containsExactly(ReasonCode.PIN_INCORRECT);
        assertThat(wrong.facts()).as("nothing passed, so no violation happened").isEmpty();
        assertThat(wrong.next().apbMark("alice", "cage-b")).isEqualTo(inside.apbMark("alice", "cage-b"));

        Outcome right = pins.decide(s, wrong.next(), site.readWithPin("alice", "b-in", "4711", WED_10.plusSeconds(61)));
        assertThat(right.decision()).isEqualTo(decision(Result.GRANT, "grant:g-alice",
                "Granted: Alice (18:100) at Cage B door by access level all, approved by manager; anti-passback violation recorded",
                ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.PIN_VERIFIED, ReasonCode.APB_VIOLATION_RECORDED));
        assertThat(right.facts()).containsExactly(new EngineFact.ApbViolation("alice", "cage-b", ApbMode.SOFT, "b-in",
                WED_10.plusSeconds(61)));
        assertThat(right.pinMatched()).isTrue();
        assertThat(right.next().pinFailuresOf("c-alice")).isZero();
        assertThat(right.next().apbMark("alice", "cage-b")).isEqualTo(new ApbMark("alice", "cage-b", true, WED_10.plusSeconds(61)));
    }

    /** Facilities switches anti-passback off for a zone: the marks recorded while it was on must not refuse anyone afterwards. */
    @Test
    void marksLeftFromBeforeAntiPassbackWasSwitchedOffRefuseNobody() {
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.HARD, 0, 0));
        EngineState inside = at(site.snapshot(), EngineState.initial(), "alice", "b-in", WED_10).next();
        assertThat(inside.apbMark("alice", "cage-b")).isNotNull();
        site.zonePolicies.set(0, new ZonePolicy("cage-b", ApbMode.NONE, 0, 0));
        site.version = 2;
        Outcome again = at(site.snapshot(), inside, "alice", "b-in", WED_10.plusSeconds(60));
        assertThat(again.decision().result()).isEqualTo(Result.GRANT);
        assertThat(again.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED);
        assertThat(again.facts()).isEmpty();
    }
}
