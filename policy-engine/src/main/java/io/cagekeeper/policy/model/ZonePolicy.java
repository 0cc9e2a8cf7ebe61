package io.cagekeeper.policy.model;

import java.util.Objects;

/**
 * Per-zone entry rules, applied at doors leading into the zone.
 *
 * @param apbMinutes       re-entry block for {@link ApbMode#TIMED}; ignored otherwise
 * @param twoPersonSeconds 0: no two-person rule; otherwise two distinct authorized persons must present
 *                         at the same door within this many seconds
 */
public record ZonePolicy(String zoneId, ApbMode apb, int apbMinutes, int twoPersonSeconds) {
    public ZonePolicy {
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(apb, "apb");
        if (apbMinutes < 0 || twoPersonSeconds < 0) {
            throw new IllegalArgumentException("zone policy " + zoneId + ": negative duration");
        }
        if (apb == ApbMode.TIMED && apbMinutes == 0) {
            throw new IllegalArgumentException("zone policy " + zoneId + ": TIMED anti-passback needs minutes");
        }
    }

    public boolean twoPerson() {
        return twoPersonSeconds > 0;
    }
}
