package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The deny reasons gathered for one request, in check order. The first deny decides (names the rule
 * and writes the sentence); later ones are only listed. This is "deny wins": once anything here, the
 * request is denied whatever grant was found. Sentences are kept as suppliers over immutable inputs
 * and rendered only if someone reads the decision's sentence; later denies' sentences never are.
 */
final class Judgement {

    private ReasonCode first;                   // null: nothing denied
    private List<ReasonCode> more;              // the second and later codes, allocated on the second deny
    private String decidedBy;
    private Supplier<String> sentence;

    void deny(ReasonCode code, String by, Supplier<String> why) {
        if (first == null) {
            first = code;
            decidedBy = by;
            sentence = why;
        } else {
            if (more == null) {
                more = new ArrayList<>(2);
            }
            more.add(code);
        }
    }

    boolean denied() {
        return first != null;
    }

    boolean contains(ReasonCode code) {
        return first == code || more != null && more.contains(code);
    }

    /** The codes in order (immutable); a single code is a shared constant. */
    List<ReasonCode> denies() {
        if (first == null) {
            return List.of();
        }
        if (more == null) {
            return Reasons.of(first);
        }
        List<ReasonCode> all = new ArrayList<>(1 + more.size());
        all.add(first);
        all.addAll(more);
        return List.copyOf(all);
    }

    String decidedBy() {
        return decidedBy;
    }

    Supplier<String> sentence() {
        return sentence;
    }
}
