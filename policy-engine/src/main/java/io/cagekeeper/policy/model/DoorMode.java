package io.cagekeeper.policy.model;

/**
 * Which factors a door demands besides the card. Ordered from weakest to strongest: when several
 * {@link DoorModeRule}s are in force at once the strongest wins, so overlapping schedules can only
 * tighten a door, never loosen it.
 */
public enum DoorMode {
    CARD_ONLY, CARD_AND_PIN, CARD_AND_BIOMETRIC
}
