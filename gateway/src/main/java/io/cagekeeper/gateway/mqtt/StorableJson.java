package io.cagekeeper.gateway.mqtt;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Whether a reader payload's text can be stored in PostgreSQL as it is ({@link
 * io.cagekeeper.gateway.events.StorableText}), for every member name and string at any depth. Such text
 * is refused where it enters: one event PostgreSQL refuses for its content must never reach the event log.
 */
public final class StorableJson {

    private StorableJson() {
    }

    public static boolean storable(String s) {
        return io.cagekeeper.gateway.events.StorableText.problem(s) == null;
    }

    /** Every member name and string value, at any depth. */
    public static boolean all(JsonObject o) {
        for (Map.Entry<String, Object> e : o) {
            if (!storable(e.getKey()) || !value(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean value(Object v) {
        if (v instanceof String s) {
            return storable(s);
        }
        if (v instanceof JsonObject j) {
            return all(j);
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || !storable(k) || !value(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Iterable<?> it) { // a JsonArray, or a list inside a map
            for (Object x : it) {
                if (!value(x)) {
                    return false;
                }
            }
        }
        return true;
    }
}
