package io.cagekeeper.policy.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An explicit deny: {@code personId} may not enter {@code zoneId} (and zones nested in it; null: the
 * whole site) during [from, until). Deny wins: a restriction overrides every grant and visit.
 *
 * @param until exclusive; null for open-ended
 */
public record Restriction(String id, String personId, String zoneId, Instant from, Instant until,
                          String reason, String createdBy) {
    public Restriction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdBy, "createdBy");
        if (until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("restriction " + id + ": until must be after from");
        }
    }

    public boolean validAt(Instant at) {
        return !at.isBefore(from) && (until == null || at.isBefore(until));
    }
}
