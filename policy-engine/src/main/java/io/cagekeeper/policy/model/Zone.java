package io.cagekeeper.policy.model;

import java.util.Map;
import java.util.Objects;

/** An area (site, hall, cage); zones nest through {@code parentId}, null at the top. */
public record Zone(String id, String name, String parentId) {
    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /**
     * True when {@code zoneId} is {@code ancestorId} or nested (at any depth) inside it. Bounded by the
     * number of zones, so a cycle in bad data ends the walk instead of looping.
     */
    public static boolean within(Map<String, Zone> zones, String zoneId, String ancestorId) {
        String z = zoneId;
        for (int depth = 0; z != null && depth <= zones.size(); depth++) {
            if (z.equals(ancestorId)) {
                return true;
            }
            Zone zone = zones.get(z);
            z = zone == null ? null : zone.parentId();
        }
        return false;
    }
}
