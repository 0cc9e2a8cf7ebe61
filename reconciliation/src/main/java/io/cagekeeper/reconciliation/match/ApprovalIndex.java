package io.cagekeeper.reconciliation.match;

import io.cagekeeper.reconciliation.input.ApprovalRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The approvals that were ever in force, by person and then zone, each list sorted by the start of its
 * window: matching an entry costs two hash look-ups and a scan of that person's few approvals for the
 * zone, whatever the number of events. Built once, read by the streaming matcher.
 */
public final class ApprovalIndex {

    private static final Slot[] NONE = new Slot[0];

    private final Map<String, Map<String, Slot[]>> byPerson = new HashMap<>();
    private final List<Slot> all = new ArrayList<>();

    public ApprovalIndex(Collection<ApprovalRow> approvals) {
        Map<String, Map<String, List<Slot>>> build = new HashMap<>();
        for (ApprovalRow a : approvals) {
            if (!a.everInForce()) {
                continue;
            }
            Slot s = new Slot(a);
            all.add(s);
            build.computeIfAbsent(a.person(), k -> new HashMap<>()).computeIfAbsent(a.zone(), k -> new ArrayList<>()).add(s);
        }
        Comparator<Slot> order = Comparator.comparingLong((Slot s) -> s.approval.validFrom()).thenComparing(s -> s.approval.id());
        build.forEach((person, zones) -> {
            Map<String, Slot[]> m = new HashMap<>();
            zones.forEach((zone, list) -> {
                list.sort(order);
                m.put(zone, list.toArray(NONE));
            });
            byPerson.put(person, m);
        });
        all.sort(Comparator.comparing((Slot s) -> s.approval.id()).thenComparing(s -> s.approval.zone()));
    }

    /** The person's approvals for the zone (empty when none). */
    public Slot[] of(String person, String zone) {
        Map<String, Slot[]> zones = byPerson.get(person);
        if (zones == null) {
            return NONE;
        }
        Slot[] s = zones.get(zone);
        return s == null ? NONE : s;
    }

    /** All the person's approvals by zone (empty when none). */
    public Map<String, Slot[]> of(String person) {
        Map<String, Slot[]> zones = byPerson.get(person);
        return zones == null ? Map.of() : zones;
    }

    /** Every slot, by approval id and zone. */
    public List<Slot> all() {
        return all;
    }
}
