package io.cagekeeper.policy.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A badge issued to a person. {@code statusChangedAt}/{@code statusChangedBy} say who put it in
 * its current status so that a denial can name them ("reported LOST at 09:12 by facilities").
 * {@code pinHash} is the encoded slow hash of the PIN, or null when the badge has no PIN; the PIN
 * itself is never held.
 *
 * @param validFrom  first instant the badge is valid, inclusive
 * @param validUntil instant the badge stops being valid, exclusive; null for open-ended
 */
public record Credential(String id, CardNumber card, String personId, CredentialStatus status,
                         Instant validFrom, Instant validUntil,
                         Instant statusChangedAt, String statusChangedBy, String pinHash) {

    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(validFrom, "validFrom");
        if (validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("credential " + id + ": validUntil must be after validFrom");
        }
    }

    /** True when {@code at} lies in [validFrom, validUntil). */
    public boolean validAt(Instant at) {
        return !at.isBefore(validFrom) && (validUntil == null || at.isBefore(validUntil));
    }

    /** Redacted on purpose: records print themselves in logs, and the PIN hash must not follow. */
    @Override
    public String toString() {
        return "Credential[" + id + " " + card + " person=" + personId + " " + status + "]";
    }
}
