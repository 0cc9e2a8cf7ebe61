package io.cagekeeper.sim.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All messages of a scenario. {@link #finish} numbers the events in (at, planning order) and each
 * device's messages (events and heartbeats share a device's counter) in time order from 1, leaving out
 * the numbers of the planned losses, and reports each loss as the range it left out.
 */
final class Traffic {

    private static final Comparator<Message> ORDER = Comparator.comparing((Message m) -> m.at).thenComparingLong(m -> m.order);

    private final List<Message> messages = new ArrayList<>();
    private final Map<String, List<Object[]>> losses = new TreeMap<>();
    private long order;

    Message event(Instant at, String device, String type, String card, String person, String door, String zone, boolean out) {
        Message m = new Message(at, device, type, card, person, door, zone, out, null, order++);
        messages.add(m);
        return m;
    }

    void heartbeat(Instant at, String device, Instant deviceTime) {
        messages.add(new Message(at, device, null, null, null, null, null, false, deviceTime, order++));
    }

    /** {@code count} messages of the device lost just before its first message at or after {@code at}. */
    void lose(String device, Instant at, int count) {
        losses.computeIfAbsent(device, k -> new ArrayList<>()).add(new Object[] {at, count});
    }

    /** Numbers everything; returns the lost ranges as "device:from-to". */
    List<String> finish() {
        messages.sort(ORDER);
        long id = 1;
        Map<String, long[]> counters = new TreeMap<>();
        Map<String, List<Object[]>> pending = new TreeMap<>();
        losses.forEach((d, l) -> {
            List<Object[]> copy = new ArrayList<>(l);
            copy.sort(Comparator.comparing(o -> (Instant) o[0]));
            pending.put(d, copy);
        });
        List<String> lost = new ArrayList<>();
        for (Message m : messages) {
            if (!m.heartbeat()) {
                m.id = id++;
            }
            long[] c = counters.computeIfAbsent(m.device, k -> new long[] {0});
            List<Object[]> p = pending.get(m.device);
            while (p != null && !p.isEmpty() && !m.at.isBefore((Instant) p.get(0)[0]) && c[0] > 0) {
                int n = (Integer) p.remove(0)[1];
                lost.add(m.device + ":" + (c[0] + 1) + "-" + (c[0] + n));
                c[0] += n;
            }
            m.seq = ++c[0];
        }
        return lost;
    }

    List<Message> messages() {
        return messages;
    }
}
