package io.cagekeeper.policy.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A presentation waiting for its companion at a door: a visitor for the escort, or the first of two
 * persons for the second. It lapses after {@code until} (inclusive): the waiting person must present
 * again.
 *
 * @param visitId the visit for {@link Kind#ESCORT}; null for {@link Kind#TWO_PERSON}
 */
public record Pending(Kind kind, String doorId, String personId, String credentialId, String visitId,
                      Instant at, Instant until) {

    public enum Kind {
        ESCORT, TWO_PERSON
    }

    public Pending {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(until, "until");
    }

    /** Still waiting at {@code now}: not before it started and not past its window. */
    public boolean liveAt(Instant now) {
        return !now.isBefore(at) && !now.isAfter(until);
    }
}
