package io.cagekeeper.gateway.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One latency distribution in microseconds (HdrHistogram, 3 significant digits, up to 5 minutes), printed
 * as the milliseconds the report uses. Values are recorded from the intended time of the request, so a
 * stalled system is charged for every request it delayed (no coordinated omission).
 */
final class Latencies {

    private final String name;
    private final Histogram histogram = new Histogram(300_000_000L, 3);

    Latencies(String name) {
        this.name = name;
    }

    synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos / 1_000, histogram.getHighestTrackableValue())));
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    /** A percentile in milliseconds. */
    synchronized double ms(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    synchronized double maxMs() {
        return histogram.getMaxValue() / 1_000.0;
    }

    /** {@code name n=… p50=… p99=… p99.9=… max=…} in milliseconds. */
    String line() {
        return String.format(Locale.ROOT, "%-28s n=%-7d p50=%8.2f ms  p99=%8.2f ms  p99.9=%8.2f ms  max=%8.2f ms",
                name, count(), ms(50), ms(99), ms(99.9), maxMs());
    }

    /** A Markdown table row: | name | n | p50 | p99 | p99.9 | max |. */
    String row() {
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |", name, count(), ms(50), ms(99), ms(99.9), maxMs());
    }
}
