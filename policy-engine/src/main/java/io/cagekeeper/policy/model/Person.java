package io.cagekeeper.policy.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Someone who may hold badges. A termination time, once set, ends all access from that instant
 * whatever the badges and grants still say (the usual audit finding is a badge outliving its owner's
 * employment).
 */
public record Person(String id, String name, PersonType type, Instant terminatedAt) {

    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public boolean terminatedAt(Instant at) {
        return terminatedAt != null && !at.isBefore(terminatedAt);
    }
}
