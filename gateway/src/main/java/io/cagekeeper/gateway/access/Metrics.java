package io.cagekeeper.gateway.access;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Named counters (decisions by result, rejections by reason and by reader), served at /api/metrics and, in the
 * Prometheus format, at the monitoring listener's /metrics; and the gateway's latency meters ({@link Timing}).
 */
public final class Metrics {

    private static final LongConsumer NOWHERE = nanos -> { };

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final List<Timing> timings = new ArrayList<>();
    /** Where timings go: nowhere until the monitoring listener binds its histograms (metrics.port set). */
    private TimingBinder binder;

    /**
     * One latency meter, made once by the component that measures (at its construction, never per event) and
     * recorded on the hot path with no lookup, no tag built and nothing allocated: the badge path pays one
     * volatile read and, when monitoring is on, one histogram update.
     */
    public static final class Timing {
        private final String name;
        private final List<String> tags;
        private volatile LongConsumer sink = NOWHERE;

        private Timing(String name, List<String> tags) {
            this.name = name;
            this.tags = tags;
        }

        /** Records a span in nanoseconds (a negative one, from a clock step, counts as 0). */
        public void record(long nanos) {
            sink.accept(Math.max(0, nanos));
        }

        /** Records the span from {@code startNanos} ({@link System#nanoTime()}) to now. */
        public void since(long startNanos) {
            record(System.nanoTime() - startNanos);
        }

        /** Records the span from {@code start} (wall clock, say a message's arrival) to now. */
        public void since(Instant start) {
            record(Duration.between(start, Instant.now()).toNanos());
        }

        public String name() {
            return name;
        }

        /** Tag names and values, alternating. */
        public List<String> tags() {
            return tags;
        }
    }

    /** Makes the meter behind a {@link Timing}: its name (dotted), its tags (name, value, ...), and what records into it. */
    @FunctionalInterface
    public interface TimingBinder {
        LongConsumer meter(String name, List<String> tags);
    }

    /**
     * The timing {@code name} with {@code tags} (name, value, ... pairs): call once per meter and keep it. When
     * the monitoring listener is bound already it records from now on, else from its binding.
     */
    public synchronized Timing timing(String name, String... tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in name, value pairs: " + List.of(tags));
        }
        Timing t = new Timing(name, List.of(tags));
        timings.add(t);
        if (binder != null) {
            t.sink = binder.meter(name, t.tags);
        }
        return t;
    }

    /** Sends every timing, made before or after, to the meters {@code b} makes; null stops recording them. */
    public synchronized void bindTimings(TimingBinder b) {
        binder = b;
        for (Timing t : timings) {
            t.sink = b == null ? NOWHERE : b.meter(t.name, t.tags);
        }
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
