package io.cagekeeper.reconciliation.input;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance per distinct identifier (person, card, device, zone, door, type) of the event stream, so
 * that the checks' many hash look-ups by these keys hash each instance once and compare keys by
 * identity, instead of hashing and comparing a new string per row (measured: the look-ups were the
 * largest share of a reconciliation's time). Bounded: past {@value #LIMIT} distinct values (a flood of
 * random card numbers, say) values pass through as they are, so memory cannot grow with the events.
 */
final class Interner {

    static final int LIMIT = 1 << 20;

    private final Map<String, String> seen = new HashMap<>();

    String of(String s) {
        if (s == null) {
            return null;
        }
        String kept = seen.get(s);
        if (kept != null) {
            return kept;
        }
        if (seen.size() < LIMIT) {
            seen.put(s, s);
        }
        return s;
    }
}
