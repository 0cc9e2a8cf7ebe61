package io.cagekeeper.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server-sent-event frames of recent live events, rendered once for every console instead of once
 * per console: at 1,000 badges/s (some 1,500 events/s) five consoles made the API's loop encode the same
 * JSON five times over and fell behind. Two renderings an event at most (whole card numbers, and masked:
 * {@link CardMask}); an event's stored content never changes, so its id names its frames. Only live events
 * are kept here (a resume read from the database renders its own).
 */
final class EventFrames {

    /** Twice the live ring: a frame outlives every resume the ring can answer. */
    static final int SIZE = 2 * LiveEvents.RING;

    private final Map<Long, byte[][]> frames = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[][]> eldest) {
            return size() > SIZE;
        }
    };
    private long rendered;

    /** The frame of event {@code id} with whole cards ({@code cards}) or masked, rendered by {@code render} the first time. */
    synchronized byte[] frame(long id, boolean cards, Supplier<String> render) {
        byte[][] f = frames.computeIfAbsent(id, k -> new byte[2][]);
        int i = cards ? 0 : 1;
        if (f[i] == null) {
            f[i] = render.get().getBytes(StandardCharsets.UTF_8);
            rendered++;
        }
        return f[i];
    }

    /** How many frames were rendered (a test's count of the work saved). */
    synchronized long rendered() {
        return rendered;
    }

    synchronized int size() {
        return frames.size();
    }
}
