package io.cagekeeper.reconciliation.match;

import java.util.Map;
import java.util.TreeMap;

/**
 * The population counts of the report: what was there to reconcile, so that an auditor can tie the
 * exception list to the whole (events by type and by door, entries, and the totals the other checks
 * add). Sorted maps: the report is deterministic.
 */
public final class Population {

    public final Map<String, Long> eventsByType = new TreeMap<>();
    public final Map<String, Long> eventsByDoor = new TreeMap<>();
    public final Map<String, Long> counts = new TreeMap<>();

    public void count(String name, long n) {
        counts.merge(name, n, Long::sum);
    }

    /** Counts one event of the period; the map keys are the few distinct types and doors. */
    public void event(String type, String door) {
        eventsByType.merge(type, 1L, Long::sum);
        if (door != null) {
            eventsByDoor.merge(door, 1L, Long::sum);
        }
    }
}
