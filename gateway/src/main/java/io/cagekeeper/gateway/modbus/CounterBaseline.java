package io.cagekeeper.gateway.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a module's raw 16-bit change counters into the number of input changes each poll may be
 * believed to have missed. Pure.
 *
 * <p>Why: the datasheet resets the counters to 0 at power-on, so a plain {@code (new - old) & 0xFFFF}
 * after a power cycle reads as some 65,000 changes per input, i.e. tens of thousands of invented door
 * openings. Two rules close that:
 * <ul>
 *   <li>a power-on (status bit 1, or the uptime register going back) {@linkplain #powerOn resets} the
 *       baseline to 0 at the moment the module came up: only the changes since then count, bounded by
 *       the time since then;</li>
 *   <li>inputs are debounced for 20 ms, so between two polls {@code elapsed} apart an input can have
 *       changed at most {@code elapsed / 20 ms + 1} times. A larger delta (a counter that went
 *       backwards is one: it wraps to a huge delta) is a module fault, reported once per episode by
 *       {@link Deltas#faults()}, and yields no changes at all; the baseline moves on to the new value.</li>
 * </ul>
 */
final class CounterBaseline {

    /** The datasheet's debounce: no input changes twice within it. */
    static final Duration DEBOUNCE = Duration.ofMillis(20);

    /** One implausible counter: the channel, the delta the module claimed, and the most it could be. */
    record Fault(int channel, int claimed, long maxPossible) {
    }

    /**
     * @param moved  believable changes per channel since the previous poll (0 where faulted or reset)
     * @param faults counters that moved more than physically possible, listed only when a fault episode
     *               starts (a poll without faults ends it), so a stuck-broken module is reported once
     */
    record Deltas(int[] moved, List<Fault> faults) {
        int moved(int channel) {
            return moved[channel];
        }
    }

    private int[] counters;
    private Instant at;
    private boolean faulting;

    /** The module powered on at {@code at}: its counters started again from 0 then. */
    void powerOn(Instant at) {
        counters = new int[counters == null ? 8 : counters.length];
        this.at = at;
    }

    Deltas next(int[] raw, Instant now) {
        int[] moved = new int[raw.length];
        List<Fault> faults = new ArrayList<>();
        if (counters != null) {
            long elapsedMs = Math.max(0, Duration.between(at, now).toMillis());
            long max = elapsedMs / DEBOUNCE.toMillis() + 1;
            for (int ch = 0; ch < raw.length; ch++) {
                int delta = (raw[ch] - counters[ch]) & 0xFFFF;
                if (delta > max) {
                    faults.add(new Fault(ch, delta, max));
                } else {
                    moved[ch] = delta;
                }
            }
        }
        counters = raw.clone();
        at = now;
        boolean started = !faults.isEmpty() && !faulting;
        faulting = !faults.isEmpty();
        return new Deltas(moved, started ? List.copyOf(faults) : List.of());
    }
}
