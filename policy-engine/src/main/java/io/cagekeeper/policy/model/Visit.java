package io.cagekeeper.policy.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A visitor approved into a zone (and the zones nested in it) for [from, until), escorted by a named
 * person. {@code escortPersonId} may be null only so that a half-entered visit can be stored; such a
 * visit never admits anyone (and the lint reports it).
 */
public record Visit(String id, String visitorPersonId, String zoneId, Instant from, Instant until,
                    String escortPersonId, String approvedBy) {
    public Visit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(visitorPersonId, "visitorPersonId");
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(approvedBy, "approvedBy");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("visit " + id + ": until must be after from");
        }
    }

    public boolean validAt(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
