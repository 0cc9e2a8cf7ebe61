package io.cagekeeper.gateway.access;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named counters (decisions by result, rejections by reason and by reader), served at /api/metrics and, in the Prometheus format, at the monitoring listener's /metrics. */
public final class Metrics {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** The names counted so far (a counter exists from its first increment). */
    public java.util.Set<String> names() {
        return java.util.Set.copyOf(counters.keySet());
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        new TreeMap<>(counters).forEach((k, v) -> o.put(k, v.sum()));
        return o;
    }
}
