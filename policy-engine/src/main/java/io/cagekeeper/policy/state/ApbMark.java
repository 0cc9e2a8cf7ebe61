package io.cagekeeper.policy.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Where anti-passback last saw a person relative to one zone: {@code inside} after a granted entry,
 * outside after a granted exit, with the instant of that passage (TIMED anti-passback counts from it).
 */
public record ApbMark(String personId, String zoneId, boolean inside, Instant at) {
    public ApbMark {
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(at, "at");
    }

    /** The key of this mark in {@link EngineState#apb()}. */
    public String key() {
        return key(personId, zoneId);
    }

    public static String key(String personId, String zoneId) {
        return zoneId + '\u001f' + personId;
    }

    /** True when {@code key} equals {@link #key()}, without building it (the state checks every entry). */
    public boolean hasKey(String key) {
        int z = zoneId.length();
        return key.length() == z + 1 + personId.length() && key.startsWith(zoneId) && key.charAt(z) == '\u001f'
                && key.endsWith(personId);
    }
}
