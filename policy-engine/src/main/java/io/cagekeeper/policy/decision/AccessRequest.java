package io.cagekeeper.policy.decision;

import java.time.Instant;
import java.util.Objects;

/**
 * One presentation at a reader. {@code at} is the instant the engine judges against (the gateway
 * uses its own receive time, not the reader's clock, so a skewed reader cannot move itself into a
 * schedule). {@code pin} is the typed PIN or null; it is only compared against the stored hash and
 * never kept. {@code bioMatch} is null when the reader has no biometric module.
 */
public record AccessRequest(String readerId, CardRead card, String pin, Boolean bioMatch, Instant at) {
    public AccessRequest {
        Objects.requireNonNull(readerId, "readerId");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return "AccessRequest[" + readerId + " " + card + (pin == null ? "" : " pin=****") + " at " + at + "]";
    }
}
