package io.cagekeeper.gateway.access;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets through at most {@code perWindow} log lines per key per window and remembers how many it held
 * back, so a flood of bad messages is still visible in the log without drowning it. Every message
 * is still counted in the metrics and stored as an event; only the log lines are thinned.
 */
final class LogThrottle {

    private final int perWindow;
    private final long windowNanos;
    private final Map<String, long[]> state = new HashMap<>(); // [windowStart, logged, suppressed]

    LogThrottle(int perWindow, long windowNanos) {
        this.perWindow = perWindow;
        this.windowNanos = windowNanos;
    }

    /**
     * Returns -1 when this line should not be logged; otherwise the number of lines held back since the
     * last logged one (0 usually), to be mentioned in the line.
     */
    long admit(String key, long nowNanos) {
        long[] s = state.computeIfAbsent(key, k -> new long[] {nowNanos, 0, 0});
        if (nowNanos - s[0] >= windowNanos) {
            s[0] = nowNanos;
            s[1] = 0;
        }
        if (s[1] < perWindow) {
            s[1]++;
            long held = s[2];
            s[2] = 0;
            return held;
        }
        s[2]++;
        return -1;
    }
}
