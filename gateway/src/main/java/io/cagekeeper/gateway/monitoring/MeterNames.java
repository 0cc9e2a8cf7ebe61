package io.cagekeeper.gateway.monitoring;

import io.micrometer.core.instrument.Tag;
import java.util.List;

/**
 * Maps the gateway's flat counter names ({@code decisions.grant}, {@code rejected.BAD_MAC},
 * {@code rejected.reader.r1-in}, {@code events.DOOR_FORCED}) to Prometheus-style names with labels
 * ({@code cagekeeper_decisions_total{result="grant"}}), so that one family can be summed or graphed by
 * label. {@code rejected.total} is left out: it is the sum of {@code cagekeeper_rejected_total}.
 */
final class MeterNames {

    /** A meter's name (Micrometer's dotted form) and its tags. */
    record Meter(String name, List<Tag> tags) {
    }

    private MeterNames() {
    }

    /** The meter a counter is exposed as, or null when it is not exposed. */
    static Meter of(String counter) {
        if (counter.equals("rejected.total")) {
            return null;
        }
        if (counter.startsWith("rejected.reader.")) {
            return new Meter("cagekeeper.rejected.by.reader", List.of(Tag.of("reader", counter.substring("rejected.reader.".length()))));
        }
        for (String[] family : new String[][] {{"decisions.", "cagekeeper.decisions", "result"},
                {"rejected.", "cagekeeper.rejected", "reason"}, {"events.", "cagekeeper.events", "type"}}) {
            if (counter.startsWith(family[0]) && counter.length() > family[0].length()) {
                return new Meter(family[1], List.of(Tag.of(family[2], counter.substring(family[0].length()))));
            }
        }
        return new Meter("cagekeeper." + counter, List.of());
    }
}
