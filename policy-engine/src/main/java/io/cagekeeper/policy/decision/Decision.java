package io.cagekeeper.policy.decision;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one access request, complete enough to be stored, shown to a person and replayed.
 *
 * @param reasons         ordered: the reason that decided first, then every other one that applied
 * @param decidedBy       the rule, grant or visit that decided it (e.g. {@code grant:g-17}, {@code rule:credential-status})
 * @param snapshotVersion the policy snapshot the decision was made against
 * @param sentence        one human sentence for the security desk and the audit report
 */
public record Decision(Result result, List<ReasonCode> reasons, String decidedBy, long snapshotVersion,
                       String sentence) {
    public Decision {
        Objects.requireNonNull(result, "result");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(sentence, "sentence");
        if (result != Result.DENY) {
            // A loop, not a stream: this runs on every decision of the hot path.
            for (int i = 0; i < reasons.size(); i++) {
                if (reasons.get(i).denies()) {
                    throw new IllegalStateException("a " + result + " cannot carry a deny reason: " + reasons);
                }
            }
        }
    }

    public boolean granted() {
        return result == Result.GRANT;
    }
}
