package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.ReasonCode;
import java.util.List;

/** Shared immutable one-code reason lists, so that the common decisions allocate none. */
final class Reasons {

    private static final ReasonCode[] CODES = ReasonCode.values();
    @SuppressWarnings("unchecked")
    private static final List<ReasonCode>[] SINGLE = new List[CODES.length];

    static {
        for (ReasonCode c : CODES) {
            SINGLE[c.ordinal()] = List.of(c);
        }
    }

    private Reasons() {
    }

    static List<ReasonCode> of(ReasonCode code) {
        return SINGLE[code.ordinal()];
    }
}
