package io.cagekeeper.policy.model;

import java.util.Objects;

/** An area (site, hall, cage); zones nest through {@code parentId}, null at the top. */
public record Zone(String id, String name, String parentId) {
    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
