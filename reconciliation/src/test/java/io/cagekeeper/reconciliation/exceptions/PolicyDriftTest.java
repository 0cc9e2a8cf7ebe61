package io.cagekeeper.reconciliation.exceptions;

import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.pin.PinHasher;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.reconciliation.input.DecisionHistory;
import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.SourceStats;
import io.cagekeeper.reconciliation.input.Times;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * POLICY_DRIFT with decisions the real engine made on the engine's test site: the untouched ones re-judge
 * identically, and each way of changing the evidence afterwards (the record's decision, the stored policy,
 * the record gone, the event's version) is a finding.
 */
class PolicyDriftTest {

    private static final long N = Times.NONE;

    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine(new PinHasher(64, 1, 1));
    private final Map<Long, RecordedDecision> records = new HashMap<>();
    private final Map<Long, PolicySnapshot> versions = new HashMap<>();
    private final List<EventRow> events = new ArrayList<>();

    private long decide(String person, String reader, int minutes) {
        PolicySnapshot s = versions.computeIfAbsent(site.version, v -> site.snapshot());
        AccessRequest r = site.read(person, reader, WED_10.plusSeconds(60L * minutes));
        Outcome o = engine.decide(s, EngineState.initial(), r);
        RecordedDecision d = RecordedDecision.of(r, EngineState.initial(), o, s);
        long id = events.size() + 1;
        records.put(id, d);
        String type = o.decision().result() == Result.GRANT ? "ACCESS_GRANTED" : "ACCESS_DENIED";
        events.add(new EventRow(id, Times.micros(r.at()), reader, N, type, null, null, person, "hall", "hall", false, N,
                o.decision().snapshotVersion(), N));
        return id;
    }

    private List<String> drift() {
        DecisionHistory history = new DecisionHistory() {
            @Override
            public Map<Long, RecordedDecision> recorded(long[] ids) {
                Map<Long, RecordedDecision> out = new HashMap<>();
                for (long id : ids) {
                    if (records.containsKey(id)) {
                        out.put(id, records.get(id));
                    }
                }
                return out;
            }

            @Override
            public String unparsable(long eventId) {
                return null;
            }

            @Override
            public SourceStats stats() {
                return new SourceStats("decisions", "memory", null, null, N, records.size());
            }

            @Override
            public Optional<PolicySnapshot> snapshot(long version) {
                return Optional.ofNullable(versions.get(version));
            }
        };
        long from = Times.micros(WED_10.minusSeconds(3600));
        Run run = new Run(from, from + 86_400_000_000L, Settings.defaults(),
                new Inputs(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
        PolicyDrift check = new PolicyDrift(run, history);
        events.forEach(e -> check.onEvent(e, e.person()));
        check.finish();
        List<String> out = new ArrayList<>();
        run.findings.sorted().forEach(f -> out.add(f.subject() + " " + f.detail()));
        return out;
    }

    @Test
    void decisionsLeftAsTheGatewayMadeThemReJudgeIdentically() {
        for (int i = 0; i < 1_200; i++) {
            decide(i % 3 == 0 ? "carl" : "alice", i % 2 == 0 ? "hall-in" : "a-in", i);
        }
        assertThat(drift()).isEmpty();
    }

    @Test
    void aRecordWhoseDecisionWasEditedToAGrantIsAFinding() {
        decide("alice", "hall-in", 0);
        long denied = decide("vera", "hall-in", 1);
        RecordedDecision r = records.get(denied);
        Decision d = r.decision();
        assertThat(d.result()).isEqualTo(Result.DENY);
        records.put(denied, new RecordedDecision(r.request(), r.pinMatched(), r.before(),
                new Decision(Result.GRANT, List.of(), d.decidedBy(), d.snapshotVersion(), d.sentence()), r.contentHash()));
        assertThat(drift()).singleElement().asString().startsWith("event:" + denied + " the decision of ACCESS_DENIED at hall-in")
                .contains("but replay decided");
    }

    @Test
    void aStoredPolicyEditedAfterTheDecisionIsAFinding() {
        long carl = decide("carl", "hall-in", 0);
        site.grants.removeIf(g -> g.personId().equals("carl"));
        versions.put(1L, site.snapshot());
        assertThat(drift()).singleElement().asString().startsWith("event:" + carl).contains("content hash");
    }

    @Test
    void aMissingRecordAndAnEventNamingAnotherVersionAreFindings() {
        long gone = decide("alice", "hall-in", 0);
        long moved = decide("bob", "hall-in", 1);
        records.remove(gone);
        EventRow e = events.get((int) moved - 1);
        events.set((int) moved - 1, new EventRow(e.id(), e.at(), e.device(), e.seq(), e.type(), e.result(), e.card(), e.person(),
                e.door(), e.zone(), e.out(), e.deviceTime(), 7, e.storedAt()));
        assertThat(drift()).containsExactly(
                "event:" + gone + " the decision of ACCESS_GRANTED at hall-in does not re-judge: no decision record for a decision"
                        + " the gateway logged with policy version 1",
                "event:" + moved + " the decision of ACCESS_GRANTED at hall-in does not re-judge: the event names policy version 7,"
                        + " its record version 1");
    }
}
