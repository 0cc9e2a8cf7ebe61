package io.cagekeeper.policy.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Gives a person an access level for a period. {@code approvedBy} is the approval that created it,
 * kept so that every granted entry traces back to a named approver.
 *
 * @param validUntil exclusive; null for open-ended
 */
public record Grant(String id, String personId, String accessLevelId, Instant validFrom, Instant validUntil,
                    String approvedBy) {
    public Grant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(accessLevelId, "accessLevelId");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(approvedBy, "approvedBy");
        if (validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("grant " + id + ": validUntil must be after validFrom");
        }
    }

    public boolean validAt(Instant at) {
        return !at.isBefore(validFrom) && (validUntil == null || at.isBefore(validUntil));
    }
}
