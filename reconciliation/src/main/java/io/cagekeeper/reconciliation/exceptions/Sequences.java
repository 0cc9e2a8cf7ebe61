package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.HeartbeatRow;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each device's sequence numbers (events and heartbeats share a device's counter): first, last, count,
 * and the holes still open once everything is read. A number arriving late fills its hole, so only
 * numbers never seen make a LOG_GAP (one per missing range). Memory: a few numbers per device plus its
 * open holes.
 */
public final class Sequences implements EventCheck {

    /** One device's numbers; {@code holes} maps the first missing number of each range to its last. */
    public static final class Device {
        public long first = Long.MIN_VALUE;
        public long last;
        public long count;
        public long duplicates;
        public final TreeMap<Long, Long> holes = new TreeMap<>();
        long firstAt;
    }

    private final Run run;
    private final Map<String, Device> devices = new TreeMap<>();

    public Sequences(Run run) {
        this.run = run;
    }

    @Override
    public void onEvent(EventRow e, String person) {
        if (e.seq() != Long.MIN_VALUE) {
            see(e.device(), e.seq(), e.at());
        }
    }

    /** Heartbeats of the period, before or after the events: the order does not matter. */
    public void heartbeat(HeartbeatRow h) {
        if (h.seq() != Long.MIN_VALUE && run.inPeriod(h.at())) {
            see(h.device(), h.seq(), h.at());
        }
    }

    private void see(String device, long seq, long at) {
        Device d = devices.computeIfAbsent(device, k -> new Device());
        d.count++;
        if (d.first == Long.MIN_VALUE) {
            d.first = seq;
            d.last = seq;
            d.firstAt = at;
            return;
        }
        if (seq > d.last) {
            if (seq > d.last + 1) {
                d.holes.put(d.last + 1, seq - 1);
            }
            d.last = seq;
        } else if (seq < d.first) {
            if (seq < d.first - 1) {
                d.holes.put(seq + 1, d.first - 1);
            }
            d.first = seq;
        } else {
            Map.Entry<Long, Long> h = d.holes.floorEntry(seq);
            if (h == null || h.getValue() < seq) {
                d.duplicates++;
                return;
            }
            d.holes.remove(h.getKey());
            if (h.getKey() < seq) {
                d.holes.put(h.getKey(), seq - 1);
            }
            if (seq < h.getValue()) {
                d.holes.put(seq + 1, h.getValue());
            }
        }
    }

    @Override
    public void finish() {
        devices.forEach((device, d) -> d.holes.forEach((from, to) -> run.findings.add(ExceptionType.LOG_GAP,
                "seq:" + device + ":" + from + "-" + to, d.firstAt, null, java.util.List.of(),
                "device " + device + " sequence numbers " + from + (from.equals(to) ? "" : " to " + to) + " missing")));
    }

    /** Per device, by name. */
    public Map<String, Device> devices() {
        return devices;
    }
}
