package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.state.EngineFact;
import io.cagekeeper.policy.state.EngineState;
import java.util.List;
import java.util.Objects;

/**
 * What one stateful decision produced: the decision, the state to use for the next request, and facts
 * to record (anti-passback violations, companions admitted, PIN lockouts).
 *
 * @param pinMatched the result of the PIN check when one ran, else null. The gateway stores it with
 *                   the decision (see {@code RecordedDecision}) because the PIN itself is never stored
 *                   and replay needs the outcome of the check.
 */
public record Outcome(Decision decision, EngineState next, List<EngineFact> facts, Boolean pinMatched) {
    public Outcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(next, "next");
        facts = List.copyOf(facts);
    }
}
