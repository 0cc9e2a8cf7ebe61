package io.cagekeeper.policy.replay;

import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.pin.PinHasher;
import io.cagekeeper.policy.state.EngineState;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine(new PinHasher(64, 1, 1));

    private RecordedDecision record(PolicySnapshot s, EngineState before, AccessRequest r) {
        Outcome o = engine.decide(s, before, r);
        return RecordedDecision.of(r, before, o, s);
    }

    /** Alice's badge with PIN 4711, and the vault a card-and-PIN door. */
    private PolicySnapshot pinAtTheVault() {
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", CredentialStatus.ACTIVE,
                TestSite.EPOCH, null, null, null, new PinHasher(64, 1, 1).hash("4711", new SecureRandom())));
        site.doorModes.add(new DoorModeRule("vault", DoorMode.CARD_AND_PIN, "always"));
        return site.snapshot();
    }

    @Test
    void replaysADecisionAgainstTheSnapshotItNamesEvenAfterANewerOneIsInForce() {
        PolicySnapshot v1 = site.snapshot();
        RecordedDecision granted = record(v1, EngineState.initial(), site.read("carl", "hall-in", WED_10));
        site.version = 2;
        site.grants.removeIf(g -> g.personId().equals("carl"));
        PolicySnapshot v2 = site.snapshot();
        SnapshotHistory history = SnapshotHistory.empty().activated(v1, WED_10.minusSeconds(60)).activated(v2, WED_10.plusSeconds(60));
        ReplayResult r = Replay.replay(history, granted);
        assertThat(r.identical()).isTrue();
        assertThat(r.replayed()).isEqualTo(granted.decision());
        assertThat(r.problem()).isNull();
        assertThat(history.inForceAt(WED_10).orElseThrow().version()).isEqualTo(1);
        assertThat(history.inForceAt(WED_10.plusSeconds(61)).orElseThrow().version()).isEqualTo(2);
        assertThat(history.current().orElseThrow()).isSameAs(v2);
    }

    @Test
    void reportsAMissingVersionAndAChangedSnapshotInsteadOfReplayingAgainstTheWrongPolicy() {
        PolicySnapshot v1 = site.snapshot();
        RecordedDecision d = record(v1, EngineState.initial(), site.read("carl", "hall-in", WED_10));
        assertThat(Replay.replay(SnapshotHistory.empty(), d).problem()).isEqualTo("snapshot version 1 is not in the history");
        site.grants.clear();
        PolicySnapshot tampered = site.snapshot();
        ReplayResult r = Replay.replay(v -> java.util.Optional.of(tampered), d);
        assertThat(r.identical()).isFalse();
        assertThat(r.problem()).contains("content hash");
    }

    @Test
    void detectsARecordedDecisionThatTheEngineWouldNotMake() {
        PolicySnapshot v1 = site.snapshot();
        RecordedDecision d = record(v1, EngineState.initial(), site.read("carl", "a-in", WED_10));
        RecordedDecision forged = new RecordedDecision(d.request(), null, d.before(),
                new io.cagekeeper.policy.decision.Decision(io.cagekeeper.policy.decision.Result.GRANT,
                        java.util.List.of(io.cagekeeper.policy.decision.ReasonCode.ACCESS_LEVEL_GRANTED), "grant:g-carl", 1, "Granted"),
                d.contentHash());
        ReplayResult r = Replay.replay(SnapshotHistory.empty().activated(v1, WED_10), forged);
        assertThat(r.identical()).isFalse();
        assertThat(r.replayed()).isEqualTo(d.decision());
    }

    @Test
    void replaysPinDecisionsFromTheRecordedOutcomeWithoutThePin() {
        PolicySnapshot s = pinAtTheVault();
        RecordedDecision ok = record(s, EngineState.initial(), site.readWithPin("alice", "vault-in", "4711", WED_10));
        RecordedDecision bad = record(s, EngineState.initial(), site.readWithPin("alice", "vault-in", "1111", WED_10));
        assertThat(ok.request().pin()).isEqualTo(RecordedDecision.REDACTED_PIN);
        assertThat(ok.pinMatched()).isTrue();
        assertThat(bad.pinMatched()).isFalse();
        SnapshotHistory h = SnapshotHistory.empty().activated(s, WED_10);
        assertThat(Replay.replay(h, ok).identical()).isTrue();
        assertThat(Replay.replay(h, bad).identical()).isTrue();
    }

    @Test
    void refusesToRecordAPin() {
        RecordedDecision d = record(site.snapshot(), EngineState.initial(), site.read("carl", "a-in", WED_10));
        AccessRequest withPin = new AccessRequest("a-in", d.request().card(), "1234", null, WED_10);
        assertThatThrownBy(() -> new RecordedDecision(withPin, null, EngineState.initial(), d.decision(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historyRefusesVersionsGoingBackwards() {
        PolicySnapshot v1 = site.snapshot();
        SnapshotHistory h = SnapshotHistory.empty().activated(v1, WED_10);
        assertThatThrownBy(() -> h.activated(v1, WED_10.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        site.version = 2;
        SnapshotHistory h2 = h.activated(site.snapshot(), WED_10.plusSeconds(1));
        assertThat(h2.keepingLast(1).snapshot(1)).isEmpty();
        assertThat(h2.keepingLast(1).snapshot(2)).isPresent();
    }

    @Test
    void namesBothHashesWhenTheVersionHoldsOtherContent() {
        PolicySnapshot v1 = site.snapshot();
        RecordedDecision d = record(v1, EngineState.initial(), site.read("carl", "hall-in", WED_10));
        site.grants.clear();
        PolicySnapshot tampered = site.snapshot();
        ReplayResult r = Replay.replay(v -> java.util.Optional.of(tampered), d);
        assertThat(r.replayed()).isNull();
        assertThat(r.identical()).isFalse();
        assertThat(r.problem()).isEqualTo("snapshot version 1 has content hash " + tampered.contentHash()
                + ", the decision recorded " + v1.contentHash());
    }

    @Test
    void aRecordWithoutAContentHashIsJudgedByItsDecisionAlone() {
        PolicySnapshot v1 = site.snapshot();
        RecordedDecision d = record(v1, EngineState.initial(), site.read("carl", "hall-in", WED_10));
        RecordedDecision noHash = new RecordedDecision(d.request(), d.pinMatched(), d.before(), d.decision(), null);
        ReplayResult same = Replay.replay(v -> java.util.Optional.of(v1), noHash);
        assertThat(same.identical()).isTrue();
        assertThat(same.problem()).isNull();
        site.grants.clear();
        PolicySnapshot changed = site.snapshot();
        ReplayResult r = Replay.replay(v -> java.util.Optional.of(changed), noHash);
        assertThat(r.identical()).isFalse();
        assertThat(r.replayed().reasons()).containsExactly(io.cagekeeper.policy.decision.ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR);
        assertThat(r.problem()).isEqualTo("recorded " + d.decision() + " but replay decided " + r.replayed());
    }

    @Test
    void aPinDecisionRecordedWithoutItsPinOutcomeCannotBeReplayed() {
        PolicySnapshot s = pinAtTheVault();
        RecordedDecision ok = record(s, EngineState.initial(), site.readWithPin("alice", "vault-in", "4711", WED_10));
        RecordedDecision missing = new RecordedDecision(ok.request(), null, ok.before(), ok.decision(), ok.contentHash());
        ReplayResult r = Replay.replay(SnapshotHistory.empty().activated(s, WED_10), missing);
        assertThat(r.replayed()).isNull();
        assertThat(r.identical()).isFalse();
        assertThat(r.problem()).isEqualTo("the recorded decision has no PIN outcome, the replay needs one");
    }

    @Test
    void aRecordKeepsTheRequestWithoutAPinTheProjectedStateAndTheSnapshotHash() {
        PolicySnapshot s = site.snapshot();
        AccessRequest r = site.read("carl", "hall-in", WED_10);
        EngineState before = EngineState.initial().doorOpened("vault").withThreatLevel(io.cagekeeper.policy.model.ThreatLevel.ELEVATED);
        Outcome o = engine.decide(s, before, r);
        RecordedDecision d = RecordedDecision.of(r, before, o, s);
        assertThat(d.request()).isSameAs(r);
        assertThat(d.pinMatched()).isNull();
        assertThat(d.decision()).isSameAs(o.decision());
        assertThat(d.contentHash()).isEqualTo(s.contentHash());
        assertThat(d.before()).isEqualTo(StateProjection.relevantTo(before, r, s));
        assertThat(d.before().openDoors()).isEmpty();
        AccessRequest redacted = new AccessRequest("hall-in", r.card(), RecordedDecision.REDACTED_PIN, null, WED_10);
        assertThat(new RecordedDecision(redacted, true, EngineState.initial(), o.decision(), null).request()).isSameAs(redacted);
    }

    @Test
    void theProjectionForAnUnknownReaderKeepsOnlyTheSiteWideFacts() {
        PolicySnapshot s = site.snapshot();
        EngineState full = engine.decide(s, EngineState.initial(), site.read("alice", "m1-in", WED_10)).next()
                .withThreatLevel(io.cagekeeper.policy.model.ThreatLevel.LOCKDOWN).fireAlarm(true).doorOpened("m2");
        EngineState part = StateProjection.relevantTo(full, new AccessRequest("nowhere",
                new io.cagekeeper.policy.decision.CardRead.Decoded(site.cardOf("alice")), null, null, WED_10), s);
        assertThat(part).isEqualTo(EngineState.initial().withThreatLevel(io.cagekeeper.policy.model.ThreatLevel.LOCKDOWN)
                .fireAlarm(true));
    }

    @Test
    void historyOrdersActivationsAndFindsTheOneInForce() {
        PolicySnapshot v1 = site.snapshot();
        site.version = 2;
        PolicySnapshot v2 = site.snapshot();
        assertThat(SnapshotHistory.empty().current()).isEmpty();
        assertThat(SnapshotHistory.empty().inForceAt(WED_10)).isEmpty();
        SnapshotHistory h1 = SnapshotHistory.empty().activated(v1, WED_10);
        assertThatThrownBy(() -> h1.activated(v2, WED_10.minusNanos(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("activation at 2026-11-25T08:59:59.999999999Z precedes the previous one");
        assertThatThrownBy(() -> h1.activated(v1, WED_10.plusSeconds(1))).hasMessage("snapshot version 1 does not follow 1");
        SnapshotHistory h2 = h1.activated(v2, WED_10);
        assertThat(h2.inForceAt(WED_10.minusNanos(1))).isEmpty();
        assertThat(h2.inForceAt(WED_10)).containsSame(v2);
        assertThat(h2.entries()).containsExactly(new SnapshotHistory.Entry(v1, WED_10), new SnapshotHistory.Entry(v2, WED_10));
        assertThat(h2.keepingLast(2).entries()).hasSize(2);
        assertThat(h2.keepingLast(1).current()).containsSame(v2);
        assertThat(h1.snapshot(2)).as("activating returns a new history").isEmpty();
        assertThatThrownBy(() -> new SnapshotHistory.Entry(v1, null)).hasMessage("activatedAt");
    }

    @Test
    void theProjectionKeepsTheWrongPinCountOfThePresentedBadgeOnly() {
        PolicySnapshot s = site.snapshot();
        EngineState full = EngineState.initial().withPinFailures("c-alice", 2).withPinFailures("c-bob", 1);
        EngineState part = StateProjection.relevantTo(full, site.read("alice", "vault-in", WED_10), s);
        assertThat(part.pinFailures()).isEqualTo(java.util.Map.of("c-alice", 2));
    }
}
