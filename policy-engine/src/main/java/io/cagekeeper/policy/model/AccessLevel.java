package io.cagekeeper.policy.model;

import java.util.List;
import java.util.Objects;

/** A named set of (door, schedule) pairs that grants hand out to people. */
public record AccessLevel(String id, String name, List<DoorSchedule> doors) {
    public AccessLevel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        doors = List.copyOf(doors);
    }
}
