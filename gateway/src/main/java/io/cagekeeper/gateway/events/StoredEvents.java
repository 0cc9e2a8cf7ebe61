package io.cagekeeper.gateway.events;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events as they are newly stored, each once, with its storage id: what the console's live feed
 * fans out. A listener is called on the thread that completed the write and must not block or take
 * long (it is behind the badge path's commit); what it throws is logged and ignored, so a broken
 * listener cannot fail a store. Rows are turned into JSON only when someone listens.
 */
public final class StoredEvents {

    private static final Logger LOG = LoggerFactory.getLogger(StoredEvents.class);
    private final List<Consumer<List<JsonObject>>> listeners = new CopyOnWriteArrayList<>();

    /** Calls {@code listener} with every batch of newly stored events (in the batch's id order), from now on. */
    public void subscribe(Consumer<List<JsonObject>> listener) {
        listeners.add(listener);
    }

    void publish(List<Row> rows) {
        if (rows.isEmpty() || listeners.isEmpty()) {
            return;
        }
        List<JsonObject> events = new ArrayList<>(rows.size());
        rows.forEach(r -> events.add(EventStore.toJson(r)));
        events.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
        List<JsonObject> shared = List.copyOf(events);
        for (Consumer<List<JsonObject>> l : listeners) {
            try {
                l.accept(shared);
            } catch (RuntimeException e) {
                LOG.warn("a listener of stored events failed: {}", e.toString());
            }
        }
    }
}
