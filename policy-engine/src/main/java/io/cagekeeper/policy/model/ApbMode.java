package io.cagekeeper.policy.model;

/** Anti-passback behaviour of a zone; see the glossary. */
public enum ApbMode {
    /** No anti-passback. */
    NONE,
    /** A violation is denied. */
    HARD,
    /** A violation is granted and recorded. */
    SOFT,
    /** Re-entry into the zone is denied for {@link ZonePolicy#apbMinutes()} after an entry. */
    TIMED
}
