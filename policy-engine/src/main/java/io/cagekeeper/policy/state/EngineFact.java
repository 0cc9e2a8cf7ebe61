package io.cagekeeper.policy.state;

import io.cagekeeper.policy.model.ApbMode;
import java.time.Instant;
import java.util.Objects;

/**
 * Things the engine wants recorded besides the decision itself: the gateway stores them in its audit
 * log. Plain values, so they serialise as they are.
 */
public sealed interface EngineFact {

    /** An anti-passback violation (SOFT: granted anyway; HARD/TIMED: denied). */
    record ApbViolation(String personId, String zoneId, ApbMode mode, String readerId, Instant at) implements EngineFact {
        public ApbViolation {
            Objects.requireNonNull(personId, "personId");
            Objects.requireNonNull(zoneId, "zoneId");
        }
    }

    /**
     * A waiting person passes along with the one who just presented (the visitor with the escort, the
     * first person with the second). The release of the door covers both.
     */
    record CompanionAdmitted(String personId, String credentialId, String doorId, Pending.Kind kind,
                             String decidedBy, Instant at) implements EngineFact {
    }

    /** An operator reset a person's anti-passback state. */
    record ApbForgiven(String personId, String operator, Instant at) implements EngineFact {
        public ApbForgiven {
            Objects.requireNonNull(personId, "personId");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The credential reached the wrong-PIN limit: its PIN is refused until an operator resets it. */
    record PinLockedOut(String credentialId, int failures, Instant at) implements EngineFact {
    }

    /** An operator cleared a credential's wrong-PIN count. */
    record PinFailuresReset(String credentialId, String operator, Instant at) implements EngineFact {
        public PinFailuresReset {
            Objects.requireNonNull(credentialId, "credentialId");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(at, "at");
        }
    }
}
