package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.state.EngineState;
import java.util.List;

/**
 * Decides a request on the fast and on the full path and checks that both give the same outcome, so
 * that a rule stated once is checked on whichever path a request takes; and writes expected decisions
 * compactly (every component: result, ordered reasons, decidedBy, snapshot version 1, sentence).
 */
final class BothPaths {

    private final PolicyEngine engine;

    BothPaths(PolicyEngine engine) {
        this.engine = engine;
    }

    Outcome decide(PolicySnapshot s, EngineState st, AccessRequest r) {
        Outcome full = engine.decide(s, st, r, false);
        Outcome fast = engine.decide(s, st, r, true);
        assertThat(fast.decision()).as("fast path, %s", r).isEqualTo(full.decision());
        assertThat(fast.next()).as("fast path, %s", r).isEqualTo(full.next());
        assertThat(fast.facts()).as("fast path, %s", r).isEqualTo(full.facts());
        assertThat(fast.pinMatched()).as("fast path, %s", r).isEqualTo(full.pinMatched());
        return full;
    }

    /** The decision of snapshot version 1 with these texts and reasons, in this order. */
    static Decision decision(Result result, String decidedBy, String sentence, ReasonCode... reasons) {
        return new Decision(result, List.of(reasons), decidedBy, 1, sentence);
    }

    /** Alice's, Bob's or Carl's plain grant sentence at {@code door} through the TestSite's grants. */
    static Decision granted(String name, String card, String grant, String level, String door, ReasonCode... more) {
        ReasonCode[] reasons = new ReasonCode[more.length + 1];
        reasons[0] = ReasonCode.ACCESS_LEVEL_GRANTED;
        System.arraycopy(more, 0, reasons, 1, more.length);
        return decision(Result.GRANT, "grant:" + grant, "Granted: " + name + " (" + card + ") at " + door
                + " by access level " + level + ", approved by manager", reasons);
    }
}
