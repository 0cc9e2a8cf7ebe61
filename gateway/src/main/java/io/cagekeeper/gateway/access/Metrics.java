package io.cagekeeper.gateway.access;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named counters (decisions by result, rejections by reason and by reader), served at /api/metrics and, in the Prometheus format, at the monitoring listener's /metrics. */
public final class Metrics {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    /** Where latencies go: nowhere until the monitoring listener binds its histograms (metrics.port set). */
    private volatile LatencySink latencies = (name, nanos) -> { };

    /** Receives each latency measured, by name (say {@code decision}). */
    @FunctionalInterface
    public interface LatencySink {
        void record(String name, long nanos);
    }

    /** Records how long {@code name} took, from {@code since} to now (a negative span, from a clock step, counts as 0). */
    public void latency(String name, java.time.Instant since) {
        latencies.record(name, Math.max(0, java.time.Duration.between(since, java.time.Instant.now()).toNanos()));
    }

    /** Sends every latency measured from now on to {@code sink}. */
    public void bindLatencies(LatencySink sink) {
        latencies = sink;
    }

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
