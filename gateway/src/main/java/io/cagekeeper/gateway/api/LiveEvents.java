package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.events.StoredEvents;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one in-memory source of the live event feed: every event as it is newly stored
 * ({@link StoredEvents}), kept in a ring of the last {@link #RING} in the order they were stored and
 * offered to every open stream. Publishing only appends to the ring and hands the batch to each
 * subscriber's bounded queue (no I/O, no waiting): the badge path that stored the event never waits
 * for a console. A resume names the last event a console received; when the ring still holds it, the
 * events after it in the ring are exactly what that console missed (same order, nothing twice).
 */
public final class LiveEvents {

    /** How many recent events the ring keeps for resumes. */
    static final int RING = 10_000;

    /** Someone who receives the feed: must only queue, never block. */
    interface Subscriber {
        void offer(List<JsonObject> events);
    }

    /** What a new subscriber starts from: the events it missed (if the ring knows its last one) and its cursor. */
    record Attached(boolean resumed, List<JsonObject> backlog, Long cursor) {
    }

    private final JsonObject[] ring = new JsonObject[RING];
    private final Map<Long, Long> position = new HashMap<>();
    private long published;
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();

    public LiveEvents(StoredEvents source) {
        source.subscribe(this::publish);
    }

    synchronized void publish(List<JsonObject> events) {
        for (JsonObject e : events) {
            int slot = (int) (published % RING);
            JsonObject old = ring[slot];
            if (old != null) {
                position.remove(old.getLong("id"));
            }
            ring[slot] = e;
            position.put(e.getLong("id"), published);
            published++;
        }
        for (Subscriber s : subscribers) {
            s.offer(events);
        }
    }

    /**
     * Adds {@code s}, which from now on receives every event published. With {@code lastId} the ring
     * still holds, the answer is resumed and its backlog is what came after that event; with a
     * {@code lastId} the ring does not hold, not resumed (the caller reads the gap from the database);
     * without one, the cursor is the newest event of the ring, or {@code stored} (the highest id
     * stored, read before this call) when the ring is empty.
     */
    synchronized Attached attach(Subscriber s, Long lastId, long stored) {
        subscribers.add(s);
        Long newest = published == 0 ? null : ring[(int) ((published - 1) % RING)].getLong("id");
        if (lastId == null) {
            return new Attached(true, List.of(), newest == null ? stored : newest);
        }
        Long at = position.get(lastId);
        if (at == null) {
            return new Attached(false, List.of(), lastId);
        }
        List<JsonObject> backlog = new ArrayList<>();
        for (long p = at + 1; p < published; p++) {
            backlog.add(ring[(int) (p % RING)]);
        }
        return new Attached(true, backlog, lastId);
    }

    synchronized void detach(Subscriber s) {
        subscribers.remove(s);
    }

    synchronized int subscribers() {
        return subscribers.size();
    }
}
