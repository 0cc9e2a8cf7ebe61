package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.EventRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is in which zone, from granted entries (IN) and exits (OUT). A second entry into a zone without
 * an exit between is an ANTIPASSBACK finding; a second exit from a zone without an entry between is a
 * TAILGATE_SUSPECTED finding (the person got in without a grant of their own: more passages than
 * grants). A person's first exit from a zone in the period is not judged: whether they were inside at
 * the period's start is not in the events read. For visitors and their escorts the stays are kept as
 * intervals (a stay still open at the end of the period ends there), for the escort check. Memory: one
 * open stay per person and zone, plus the stays of the persons named on visits.
 */
public final class Presence implements EventCheck {

    /** One stay in a zone: [in, out), with the events that opened and closed it. */
    public record Stay(String zone, long in, long out, long inEvent) {
    }

    private final Run run;
    /**
     * person -> zone -> where they stand: {@code {IN, at, event}} while inside (an open stay), {@code {OUT, at,
     * event}} after an exit with no entry since. One state per person and zone, changed in place, so an event
     * costs two hash look-ups (this is the reconciler's hottest check).
     */
    private final Map<String, Where> where = new HashMap<>();

    /** A person's zones and their states, in parallel arrays: a person is in a few zones, so a scan beats a second map. */
    private static final class Where {
        String[] zones = new String[2];
        long[][] states = new long[2][];
        int size;

        long[] get(String zone) {
            for (int i = 0; i < size; i++) {
                if (zones[i] == zone || zones[i].equals(zone)) {
                    return states[i];
                }
            }
            return null;
        }

        void put(String zone, long[] state) {
            if (size == zones.length) {
                zones = java.util.Arrays.copyOf(zones, size * 2);
                states = java.util.Arrays.copyOf(states, size * 2);
            }
            zones[size] = zone;
            states[size++] = state;
        }
    }
    private static final long IN = 1;
    private static final long OUT = 2;
    private final Set<String> tracked = new HashSet<>();
    private final Map<String, List<Stay>> stays = new HashMap<>();

    public Presence(Run run) {
        this.run = run;
        for (ApprovalRow a : run.inputs.approvals()) {
            if (a.visit()) {
                tracked.add(a.person());
                if (a.escort() != null) {
                    tracked.add(a.escort());
                }
            }
        }
    }

    @Override
    public void onEvent(EventRow e, String person) {
        if (!e.granted() || person == null || e.zone() == null) {
            return;
        }
        Where zones = where.computeIfAbsent(person, k -> new Where());
        long[] state = zones.get(e.zone());
        if (state == null) {
            zones.put(e.zone(), new long[] {e.out() ? OUT : IN, e.at(), e.id()});
            return;
        }
        if (!e.out()) {
            if (state[0] == IN) {
                run.findings.add(ExceptionType.ANTIPASSBACK, "event:" + e.id(), e.at(), person, List.of(state[2], e.id()),
                        "entered " + e.zone() + " again without leaving it");
                close(person, e.zone(), state[1], state[2], e.at());
            }
        } else if (state[0] == IN) {
            close(person, e.zone(), state[1], state[2], e.at());
        } else {
            run.findings.add(ExceptionType.TAILGATE_SUSPECTED, "event:" + e.id(), e.at(), person, List.of(state[2], e.id()),
                    "left " + e.zone() + " again without entering it: got in without a grant of their own");
        }
        state[0] = e.out() ? OUT : IN;
        state[1] = e.at();
        state[2] = e.id();
    }

    private void close(String person, String zone, long in, long inEvent, long out) {
        if (tracked.contains(person)) {
            stays.computeIfAbsent(person, k -> new ArrayList<>()).add(new Stay(zone, in, out, inEvent));
        }
    }

    @Override
    public void finish() {
        where.forEach((person, zones) -> {
            for (int i = 0; i < zones.size; i++) {
                if (zones.states[i][0] == IN) {
                    close(person, zones.zones[i], zones.states[i][1], zones.states[i][2], run.to);
                }
            }
        });
        where.clear();
        stays.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(Stay::in)));
    }

    /** The person's stays (visitors and escorts only), by entry time. */
    public List<Stay> stays(String person) {
        return stays.getOrDefault(person, List.of());
    }
}
