package io.cagekeeper.gateway.mqtt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Whether text can be stored in PostgreSQL as it is: no NUL character (PostgreSQL text cannot hold one)
 * and no lone UTF-16 surrogate (it has no UTF-8 form). Such text is refused where it enters: one event
 * PostgreSQL refuses for its content must never reach the event log.
 */
public final class StorableText {

    private StorableText() {
    }

    public static boolean storable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
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
        if (v instanceof JsonArray a) {
            for (Object x : a) {
                if (!value(x)) {
                    return false;
                }
            }
        }
        if (v instanceof Iterable<?> it && !(v instanceof JsonArray)) {
            for (Object x : it) {
                if (!value(x)) {
                    return false;
                }
            }
        }
        return true;
    }
}
