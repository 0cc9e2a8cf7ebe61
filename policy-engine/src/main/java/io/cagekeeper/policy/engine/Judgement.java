package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The deny reasons gathered for one request, in check order. The first deny decides (names the rule
 * and writes the sentence); later ones are only listed. This is "deny wins": once anything here, the
 * request is denied whatever grant was found.
 */
final class Judgement {

    private List<ReasonCode> denies = List.of();   // allocated on the first deny: grants never need it
    private String decidedBy;
    private String sentence;

    void deny(ReasonCode code, String by, String why) {
        if (denies.isEmpty()) {
            decidedBy = by;
            sentence = why;
            denies = new ArrayList<>(2);
        }
        denies.add(code);
    }

    boolean denied() {
        return !denies.isEmpty();
    }

    List<ReasonCode> denies() {
        return denies;
    }

    String decidedBy() {
        return decidedBy;
    }

    String sentence() {
        return sentence;
    }
}
