package io.cagekeeper.policy.model;

import java.util.Objects;

/** One entry of an access level: this door, during this schedule. */
public record DoorSchedule(String doorId, String scheduleId) {
    public DoorSchedule {
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(scheduleId, "scheduleId");
    }
}
