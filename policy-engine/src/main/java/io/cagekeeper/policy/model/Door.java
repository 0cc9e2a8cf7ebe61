package io.cagekeeper.policy.model;

import java.util.Objects;

/**
 * A door leads from one zone into another; passing it on the entry side moves a person into
 * {@code toZone}. Doors sharing a non-null {@code interlockGroup} form a mantrap.
 */
public record Door(String id, String name, String fromZone, String toZone, String interlockGroup) {
    public Door {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fromZone, "fromZone");
        Objects.requireNonNull(toZone, "toZone");
    }
}
