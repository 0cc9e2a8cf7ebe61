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
    private final Map<String, Map<String, long[]>> open = new HashMap<>();
    private final Set<String> tracked = new HashSet<>();
    private final Map<String, List<Stay>> stays = new HashMap<>();
    // person -> zone -> the id of their last exit from it, while no entry followed
    private final Map<String, Map<String, Long>> exited = new HashMap<>();

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
        Map<String, long[]> zones = open.computeIfAbsent(person, k -> new HashMap<>());
        long[] stay = zones.get(e.zone());
        if (!e.out()) {
            if (stay != null) {
                run.findings.add(ExceptionType.ANTIPASSBACK, "event:" + e.id(), e.at(), person, List.of((long) stay[1], e.id()),
                        "entered " + e.zone() + " again without leaving it");
                close(person, e.zone(), stay, e.at());
            }
            zones.put(e.zone(), new long[] {e.at(), e.id()});
            Map<String, Long> left = exited.get(person);
            if (left != null) {
                left.remove(e.zone());
            }
        } else {
            if (stay != null) {
                zones.remove(e.zone());
                close(person, e.zone(), stay, e.at());
            }
            Long previous = exited.computeIfAbsent(person, k -> new HashMap<>()).put(e.zone(), e.id());
            if (previous != null) {
                run.findings.add(ExceptionType.TAILGATE_SUSPECTED, "event:" + e.id(), e.at(), person, List.of(previous, e.id()),
                        "left " + e.zone() + " again without entering it: got in without a grant of their own");
            }
        }
    }

    private void close(String person, String zone, long[] stay, long out) {
        if (tracked.contains(person)) {
            stays.computeIfAbsent(person, k -> new ArrayList<>()).add(new Stay(zone, stay[0], out, stay[1]));
        }
    }

    @Override
    public void finish() {
        open.forEach((person, zones) -> zones.forEach((zone, stay) -> close(person, zone, stay, run.to)));
        open.clear();
        stays.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(Stay::in)));
    }

    /** The person's stays (visitors and escorts only), by entry time. */
    public List<Stay> stays(String person) {
        return stays.getOrDefault(person, List.of());
    }
}
