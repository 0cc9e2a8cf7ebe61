package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static io.cagekeeper.policy.engine.BothPaths.decision;
import static io.cagekeeper.policy.engine.BothPaths.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.state.EngineState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may still come in at a raised threat level; nobody is ever kept in. */
class ThreatRulesTest {

    private final TestSite site = new TestSite();
    private final BothPaths judge = new BothPaths(new PolicyEngine());
    private static final EngineState ELEVATED = EngineState.initial().withThreatLevel(ThreatLevel.ELEVATED);
    private static final EngineState LOCKDOWN = EngineState.initial().withThreatLevel(ThreatLevel.LOCKDOWN);

    private Outcome at(EngineState st, String person, String reader) {
        return judge.decide(site.snapshot(), st, site.read(person, reader, WED_10));
    }

    @Test
    void aLockdownRuleNamingALevelAdmitsEveryHolderOfIt() {
        site.threatRules.add(new ThreatRule(ThreatLevel.LOCKDOWN, List.of(), List.of("all")));
        assertThat(at(LOCKDOWN, "alice", "hall-in").decision()).isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Hall door"));
        assertThat(at(LOCKDOWN, "bob", "hall-in").decision()).isEqualTo(granted("Bob", "18:101", "g-bob", "all", "Hall door"));
        assertThat(at(LOCKDOWN, "carl", "hall-in").decision()).isEqualTo(decision(Result.DENY, "rule:threat-level",
                "Denied: Carl (18:102) may not enter while the site is at LOCKDOWN", ReasonCode.THREAT_LEVEL_RESTRICTED));
    }

    @Test
    void aRuleForElevatedReplacesTheDefaultOfEmployeesOnly() {
        site.threatRules.add(new ThreatRule(ThreatLevel.ELEVATED, List.of(PersonType.CONTRACTOR), List.of()));
        assertThat(at(ELEVATED, "carl", "hall-in").decision()).isEqualTo(granted("Carl", "18:102", "g-carl", "office", "Hall door"));
        assertThat(at(ELEVATED, "alice", "hall-in").decision()).isEqualTo(decision(Result.DENY, "rule:threat-level",
                "Denied: Alice (18:100) may not enter while the site is at ELEVATED", ReasonCode.THREAT_LEVEL_RESTRICTED));
    }

    @Test
    void aVisitorIsAdmittedUnderARaisedLevelOnlyByPersonTypeNeverByALevel() {
        site.visits.add(new Visit("v-1", "vera", "hall", WED_10.minusSeconds(60), WED_10.plusSeconds(3600), "bob", "reception"));
        site.threatRules.add(new ThreatRule(ThreatLevel.LOCKDOWN, List.of(), List.of("all", "office")));
        assertThat(at(LOCKDOWN, "vera", "hall-in").decision()).isEqualTo(decision(Result.DENY, "rule:threat-level",
                "Denied: Vera (18:103) may not enter while the site is at LOCKDOWN", ReasonCode.THREAT_LEVEL_RESTRICTED));
        assertThat(at(ELEVATED, "vera", "hall-in").decision().reasons())
                .as("without a rule, ELEVATED admits employees only").containsExactly(ReasonCode.THREAT_LEVEL_RESTRICTED);
        site.threatRules.set(0, new ThreatRule(ThreatLevel.LOCKDOWN, List.of(PersonType.VISITOR), List.of()));
        assertThat(at(LOCKDOWN, "vera", "hall-in").decision().result()).isEqualTo(Result.PENDING);
    }

    @Test
    void noThreatLevelKeepsAnyoneIn() {
        assertThat(at(LOCKDOWN, "carl", "hall-out").decision()).isEqualTo(granted("Carl", "18:102", "g-carl", "office", "Hall door"));
        assertThat(at(LOCKDOWN, "alice", "a-out").decision()).isEqualTo(granted("Alice", "18:100", "g-alice", "all", "Cage A door"));
    }
}
