package io.cagekeeper.policy.replay;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.state.EngineState;
import java.util.Objects;

/**
 * Everything needed to re-decide a past request: the request (its PIN replaced by
 * {@link #REDACTED_PIN}), the outcome of the PIN check if one ran, the engine state before the
 * decision, the decision and the content hash of the snapshot it used. The gateway stores these;
 * all components are plain values.
 */
public record RecordedDecision(AccessRequest request, Boolean pinMatched, EngineState before, Decision decision,
                               String contentHash) {

    /** Stands in for a PIN that was typed; the PIN itself is never recorded. */
    public static final String REDACTED_PIN = "<redacted>";

    public RecordedDecision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(decision, "decision");
        if (request.pin() != null && !REDACTED_PIN.equals(request.pin())) {
            throw new IllegalArgumentException("a recorded request must not carry the PIN");
        }
    }

    /**
     * Records a decision just made: strips the PIN and keeps what replay needs, of the state before
     * only the facts this request could read ({@link StateProjection}).
     */
    public static RecordedDecision of(AccessRequest request, EngineState before, Outcome outcome, PolicySnapshot snapshot) {
        AccessRequest stripped = request.pin() == null ? request
                : new AccessRequest(request.readerId(), request.card(), REDACTED_PIN, request.bioMatch(), request.at());
        return new RecordedDecision(stripped, outcome.pinMatched(), StateProjection.relevantTo(before, request, snapshot),
                outcome.decision(), snapshot.contentHash());
    }
}
