package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MetricsTest {

    /** What a binder made and what was recorded into it, as "name[tags]=nanos". */
    private final List<String> made = new CopyOnWriteArrayList<>();
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    private Metrics.TimingBinder binder() {
        return (name, tags) -> {
            made.add(name + tags);
            return nanos -> recorded.add(name + tags + "=" + nanos);
        };
    }

    @Test
    void aTimingMadeBeforeTheBindingRecordsNothingUntilThenAndIntoItsOwnMeterAfter() {
        Metrics metrics = new Metrics();
        Metrics.Timing poll = metrics.timing("modbus.transaction", "module", "m1", "operation", "poll");
        poll.record(5);
        metrics.bindTimings(binder());
        poll.record(7);
        assertThat(made).containsExactly("modbus.transaction[module, m1, operation, poll]");
        assertThat(recorded).containsExactly("modbus.transaction[module, m1, operation, poll]=7");
    }

    @Test
    void aTimingMadeAfterTheBindingGetsItsMeterAtOnceAndUnbindingStopsEveryTiming() {
        Metrics metrics = new Metrics();
        metrics.bindTimings(binder());
        Metrics.Timing decision = metrics.timing("decision");
        decision.record(3);
        metrics.bindTimings(null);
        decision.record(4);
        assertThat(made).containsExactly("decision[]");
        assertThat(recorded).containsExactly("decision[]=3");
    }

    @Test
    void aNegativeSpanFromAClockStepCountsAsZero() {
        Metrics metrics = new Metrics();
        metrics.bindTimings(binder());
        metrics.timing("events.store").since(System.nanoTime() + 1_000_000_000L);
        metrics.timing("decision").since(java.time.Instant.now().plusSeconds(5));
        assertThat(recorded).containsExactly("events.store[]=0", "decision[]=0");
    }

    @Test
    void tagsComeInPairs() {
        assertThatThrownBy(() -> new Metrics().timing("policy.reload", "kind")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pairs");
    }
}
