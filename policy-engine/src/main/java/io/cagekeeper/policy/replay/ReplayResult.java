package io.cagekeeper.policy.replay;

import io.cagekeeper.policy.decision.Decision;

/**
 * The outcome of re-deciding a recorded decision.
 *
 * @param replayed  the decision made now; null when it could not be made (see {@code problem})
 * @param identical true when {@code replayed} equals the recorded decision in every component
 * @param problem   null when identical; otherwise what differs or why no replay was possible
 */
public record ReplayResult(RecordedDecision recorded, Decision replayed, boolean identical, String problem) {
}
