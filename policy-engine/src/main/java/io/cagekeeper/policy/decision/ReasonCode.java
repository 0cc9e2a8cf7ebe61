package io.cagekeeper.policy.decision;

/**
 * Why a decision came out as it did. Codes are stable identifiers stored with every decision and
 * read by auditors; add new ones, never rename.
 */
public enum ReasonCode {
    // Denials
    UNKNOWN_READER(true),
    BAD_CARD_READ(true),
    UNKNOWN_CREDENTIAL(true),
    CREDENTIAL_SUSPENDED(true),
    CREDENTIAL_LOST(true),
    CREDENTIAL_STOLEN(true),
    CREDENTIAL_REVOKED(true),
    CREDENTIAL_EXPIRED(true),
    CREDENTIAL_NOT_YET_VALID(true),
    UNKNOWN_PERSON(true),
    PERSON_TERMINATED(true),
    NO_ACCESS_LEVEL_FOR_DOOR(true),
    GRANT_NOT_VALID_NOW(true),
    OUTSIDE_SCHEDULE(true),
    // Grants
    ACCESS_LEVEL_GRANTED(false);

    private final boolean deny;

    ReasonCode(boolean deny) {
        this.deny = deny;
    }

    /** True for codes that, once present, make the decision a denial whatever else applies. */
    public boolean denies() {
        return deny;
    }
}
