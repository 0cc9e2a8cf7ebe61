package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static io.cagekeeper.policy.TestSite.local;
import static io.cagekeeper.policy.engine.BothPaths.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.pin.PinHasher;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DoorModeTest {

    private static final PinHasher CHEAP = new PinHasher(64, 1, 1);
    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine(CHEAP);
    private PolicySnapshot snapshot;

    @BeforeEach
    void pinOnVaultAlwaysAndOnCageAOutsideOfficeHours() {
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", CredentialStatus.ACTIVE,
                TestSite.EPOCH, null, null, null, CHEAP.hash("4711", new SecureRandom())));
        site.doorModes.add(new DoorModeRule("vault", DoorMode.CARD_AND_PIN, "always"));
        site.doorModes.add(new DoorModeRule("b", DoorMode.CARD_AND_BIOMETRIC, "always"));
        site.schedules.add(new io.cagekeeper.policy.model.Schedule("nights", "Nights", TestSite.allDays().stream()
                .flatMap(d -> java.util.stream.Stream.of(
                        new io.cagekeeper.policy.model.WeeklyInterval(d, java.time.LocalTime.MIDNIGHT, java.time.LocalTime.of(8, 0)),
                        new io.cagekeeper.policy.model.WeeklyInterval(d, java.time.LocalTime.of(18, 0), java.time.LocalTime.MIDNIGHT)))
                .toList()));
        site.doorModes.add(new DoorModeRule("a", DoorMode.CARD_AND_PIN, "nights"));
        snapshot = site.snapshot();
    }

    @Test
    void grantsCardAndCorrectPinAndSaysSo() {
        Outcome o = engine.decide(snapshot, EngineState.initial(), site.readWithPin("alice", "vault-in", "4711", WED_10));
        assertThat(o.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.PIN_VERIFIED);
        assertThat(o.pinMatched()).isTrue();
    }

    @Test
    void deniesACardWithoutPinAtAPinDoor() {
        Outcome o = engine.decide(snapshot, EngineState.initial(), site.read("alice", "vault-in", WED_10));
        assertThat(o.decision().reasons()).containsExactly(ReasonCode.PIN_REQUIRED);
        assertThat(o.pinMatched()).isNull();
    }

    @Test
    void deniesABadgeWithNoEnrolledPinAtAPinDoor() {
        Outcome o = engine.decide(snapshot, EngineState.initial(), site.readWithPin("bob", "vault-in", "4711", WED_10));
        assertThat(o.decision().reasons()).containsExactly(ReasonCode.PIN_NOT_ENROLLED);
    }

    @Test
    void locksThePinAfterThreeWrongAttemptsUntilAnOperatorResetsIt() {
        EngineState s = EngineState.initial();
        for (int i = 1; i <= 3; i++) {
            Outcome o = engine.decide(snapshot, s, site.readWithPin("alice", "vault-in", "0000", WED_10.plusSeconds(i)));
            assertThat(o.decision().reasons()).containsExactly(ReasonCode.PIN_INCORRECT);
            assertThat(o.decision().sentence()).endsWith("(" + i + " of 3)");
            assertThat(o.pinMatched()).isFalse();
            s = o.next();
            assertThat(s.pinFailuresOf("c-alice")).isEqualTo(i);
            if (i == 3) {
                assertThat(o.facts()).containsExactly(new EngineFact.PinLockedOut("c-alice", 3, WED_10.plusSeconds(3)));
            }
        }
        Outcome locked = engine.decide(snapshot, s, site.readWithPin("alice", "vault-in", "4711", WED_10.plusSeconds(9)));
        assertThat(locked.decision().reasons()).containsExactly(ReasonCode.PIN_LOCKED_OUT);
        var reset = s.resetPinFailures("c-alice", "operator-jo", WED_10.plusSeconds(10));
        assertThat(reset.fact()).isEqualTo(new EngineFact.PinFailuresReset("c-alice", "operator-jo", WED_10.plusSeconds(10)));
        assertThat(engine.decide(snapshot, reset.state(), site.readWithPin("alice", "vault-in", "4711", WED_10.plusSeconds(11)))
                .decision().granted()).isTrue();
    }

    @Test
    void aCorrectPinClearsEarlierWrongOnes() {
        EngineState s = engine.decide(snapshot, EngineState.initial(), site.readWithPin("alice", "vault-in", "1", WED_10)).next();
        Outcome ok = engine.decide(snapshot, s, site.readWithPin("alice", "vault-in", "4711", WED_10.plusSeconds(1)));
        assertThat(ok.decision().granted()).isTrue();
        assertThat(ok.next().pinFailuresOf("c-alice")).isZero();
    }

    @Test
    void doesNotCheckOrCountThePinOfABadgeDeniedAnyway() {
        Outcome o = engine.decide(snapshot, EngineState.initial(), site.readWithPin("carl", "vault-in", "0000", WED_10));
        assertThat(o.decision().reasons()).containsExactly(ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR);
        assertThat(o.pinMatched()).isNull();
        assertThat(o.next()).isEqualTo(EngineState.initial());
    }

    @Test
    void selectsThePinModeByScheduleOnlyOutsideOfficeHours() {
        assertThat(engine.decide(snapshot, site.read("alice", "a-in", WED_10)).granted()).isTrue();
        assertThat(engine.decide(snapshot, site.read("alice", "a-in", local(2026, 11, 25, 19, 0))).reasons())
                .containsExactly(ReasonCode.PIN_REQUIRED);
    }

    @Test
    void requiresAMatchingBiometricAtACardAndBiometricDoor() {
        assertThat(engine.decide(snapshot, site.readWithBio("alice", "b-in", null, WED_10)).reasons())
                .containsExactly(ReasonCode.BIOMETRIC_REQUIRED);
        assertThat(engine.decide(snapshot, site.readWithBio("alice", "b-in", false, WED_10)).reasons())
                .containsExactly(ReasonCode.BIOMETRIC_MISMATCH);
        var ok = engine.decide(snapshot, site.readWithBio("alice", "b-in", true, WED_10));
        assertThat(ok.result()).isEqualTo(Result.GRANT);
        assertThat(ok.reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.BIOMETRIC_VERIFIED);
    }

    private Outcome decide(EngineState st, AccessRequest r) {
        return engine.decide(snapshot, st, r);
    }

    @Test
    void everyFactorRefusalNamesItsRuleAndSaysWhatIsMissing() {
        EngineState none = EngineState.initial();
        assertThat(decide(none, site.read("alice", "vault-in", WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "rule:door-mode", "Denied: Vault door requires card and PIN; no PIN was entered for 18:100",
                ReasonCode.PIN_REQUIRED));
        assertThat(decide(none, site.readWithPin("bob", "vault-in", "4711", WED_10)).decision()).isEqualTo(decision(
                Result.DENY, "rule:door-mode", "Denied: Vault door requires a PIN and credential 18:101 has none enrolled",
                ReasonCode.PIN_NOT_ENROLLED));
        assertThat(decide(none, site.readWithPin("alice", "vault-in", "0000", WED_10)).decision()).isEqualTo(decision(
                Result.DENY, "credential:c-alice", "Denied: wrong PIN for credential 18:100 at Vault door (1 of 3)",
                ReasonCode.PIN_INCORRECT));
        assertThat(decide(none, site.readWithBio("alice", "b-in", null, WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "rule:door-mode", "Denied: Cage B door requires card and biometric; no biometric match was given for 18:100",
                ReasonCode.BIOMETRIC_REQUIRED));
        assertThat(decide(none, site.readWithBio("alice", "b-in", false, WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "rule:door-mode", "Denied: biometric did not match the holder of 18:100 at Cage B door",
                ReasonCode.BIOMETRIC_MISMATCH));
    }

    @Test
    void aLockedPinIsRefusedWithoutComparingOrCountingIt() {
        EngineState locked = EngineState.initial().withPinFailures("c-alice", 3);
        Outcome o = decide(locked, site.readWithPin("alice", "vault-in", "4711", WED_10));
        assertThat(o.decision()).isEqualTo(decision(Result.DENY, "credential:c-alice",
                "Denied: PIN of credential 18:100 is locked after 3 wrong attempts", ReasonCode.PIN_LOCKED_OUT));
        assertThat(o.pinMatched()).isNull();
        assertThat(o.next()).isSameAs(locked);
        assertThat(o.facts()).isEmpty();
        Outcome belowTheLimit = decide(EngineState.initial().withPinFailures("c-alice", 2),
                site.readWithPin("alice", "vault-in", "4711", WED_10));
        assertThat(belowTheLimit.decision().reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.PIN_VERIFIED);
        assertThat(belowTheLimit.next().pinFailures()).isEmpty();
    }

    @Test
    void theSitesLimitOfWrongPinsLocksAtItsOwnCount() {
        site.pinMaxFailures = 1;
        snapshot = site.snapshot();
        Outcome o = decide(EngineState.initial(), site.readWithPin("alice", "vault-in", "0000", WED_10));
        assertThat(o.decision().sentence()).isEqualTo("Denied: wrong PIN for credential 18:100 at Vault door (1 of 1)");
        assertThat(o.facts()).containsExactly(new EngineFact.PinLockedOut("c-alice", 1, WED_10));
        assertThat(o.next().pinFailuresOf("c-alice")).isEqualTo(1);
    }

    @Test
    void theStrongestModeInForceWinsWhateverTheOrderOfTheRules() {
        DoorModeRule pin = new DoorModeRule("hall", DoorMode.CARD_AND_PIN, "always");
        DoorModeRule bioAtNight = new DoorModeRule("hall", DoorMode.CARD_AND_BIOMETRIC, "nights");
        DoorModeRule cardOnly = new DoorModeRule("hall", DoorMode.CARD_ONLY, "always");
        for (List<DoorModeRule> rules : List.of(List.of(pin, bioAtNight, cardOnly), List.of(cardOnly, bioAtNight, pin))) {
            site.doorModes.removeIf(r -> r.doorId().equals("hall"));
            site.doorModes.addAll(rules);
            snapshot = site.snapshot();
            assertThat(decide(EngineState.initial(), site.read("alice", "hall-in", WED_10)).decision().reasons())
                    .as("%s: a card-only rule never loosens a PIN door", rules).containsExactly(ReasonCode.PIN_REQUIRED);
            assertThat(decide(EngineState.initial(), site.readWithBio("alice", "hall-in", true, local(2026, 11, 25, 19, 0)))
                    .decision().reasons()).as("%s", rules)
                    .containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.BIOMETRIC_VERIFIED);
        }
    }
}
