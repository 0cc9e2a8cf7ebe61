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
    /** An explicit {@code Restriction} bars the person from the zone. */
    PERSON_RESTRICTED(true),
    /** A visitor without an approved visit covering the zone, now. */
    VISIT_NOT_APPROVED(true),
    /** A visit that names no escort never admits its visitor. */
    VISIT_WITHOUT_ESCORT(true),
    THREAT_LEVEL_RESTRICTED(true),
    /** Another door of the mantrap is open or released. */
    INTERLOCK_BUSY(true),
    /** HARD anti-passback: the person's recorded location contradicts this passage. */
    APB_VIOLATION(true),
    /** TIMED anti-passback: re-entry within the blocked minutes. */
    APB_TIMED_REENTRY(true),
    PIN_REQUIRED(true),
    PIN_NOT_ENROLLED(true),
    PIN_INCORRECT(true),
    PIN_LOCKED_OUT(true),
    BIOMETRIC_REQUIRED(true),
    BIOMETRIC_MISMATCH(true),
    // Grants and waits
    ACCESS_LEVEL_GRANTED(false),
    /** The factor the door mode asked for was checked and matched. */
    PIN_VERIFIED(false),
    BIOMETRIC_VERIFIED(false),
    /** SOFT anti-passback: granted, violation recorded. */
    APB_VIOLATION_RECORDED(false),
    /** PENDING: a visitor waits for the named escort at the same door. */
    VISIT_AWAITING_ESCORT(false),
    /** The escort presented while their visitor waited: both pass. */
    ESCORT_PRESENT(false),
    /** PENDING: the first of two persons a two-person zone needs. */
    TWO_PERSON_AWAITING_SECOND(false),
    /** The second distinct authorized person presented in time: both pass. */
    TWO_PERSON_SATISFIED(false),
    /** Fire alarm: exit readers release whatever is presented (life safety beats access control). */
    FIRE_EGRESS(false);

    private final boolean deny;

    ReasonCode(boolean deny) {
        this.deny = deny;
    }

    /** True for codes that, once present, make the decision a denial whatever else applies. */
    public boolean denies() {
        return deny;
    }
}
