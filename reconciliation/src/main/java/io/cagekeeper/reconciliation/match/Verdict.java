package io.cagekeeper.reconciliation.match;

/** What the approvals say about one granted entry. */
public enum Verdict {
    /** An approval for the person, zone and time, approved before the entry. */
    AUTHORIZED,
    /** Covered only by an approval approved after the entry. */
    RETROACTIVE,
    /** Before the start of an approval for the person and zone, within the margin. */
    EARLY,
    /** After the end of an approval for the person and zone, within the margin. */
    LATE,
    /** Covered only by an approval for another zone. */
    OTHER_ZONE,
    /** Nothing at all. */
    NONE
}
