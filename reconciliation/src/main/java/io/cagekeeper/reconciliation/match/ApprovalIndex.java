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
    /**
     * The same, for the hot look-up by person and zone: a person's few zones in one small array scanned in
     * place, instead of a second hash map (measured: with 50,000 persons the nested maps' cache misses were
     * a third of a reconciliation's time).
     */
    private final Map<String, Zones> fast = new HashMap<>();

    /** A person's zones and the slots of each, in parallel arrays. */
    private record Zones(String[] zones, Slot[][] slots) {
        Slot[] of(String zone) {
            for (int i = 0; i < zones.length; i++) {
                if (zones[i] == zone) {
                    return slots[i];
                }
            }
            for (int i = 0; i < zones.length; i++) {
                if (zones[i].equals(zone)) {
                    return slots[i];
                }
            }
            return NONE;
        }
    }
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
            fast.put(person, new Zones(m.keySet().toArray(String[]::new), m.values().toArray(Slot[][]::new)));
        });
        all.sort(Comparator.comparing((Slot s) -> s.approval.id()).thenComparing(s -> s.approval.zone()));
    }

    /** The person's approvals for the zone (empty when none). */
    public Slot[] of(String person, String zone) {
        Zones zones = fast.get(person);
        return zones == null ? NONE : zones.of(zone);
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
