package io.cagekeeper.policy.model;

import java.util.Objects;

/**
 * Puts a door in {@code mode} while {@code scheduleId} is open (e.g. card+PIN outside office hours).
 * A door with no rule in force is {@link DoorMode#CARD_ONLY}.
 */
public record DoorModeRule(String doorId, DoorMode mode, String scheduleId) {
    public DoorModeRule {
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scheduleId, "scheduleId");
    }
}
