package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.events.LastPassage;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.state.ApbMark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each person is believed to be, from two sources the gateway already has: the event log (each
 * person's latest granted passage within a window: an entry puts them in the door's to-zone, an
 * exit in its from-zone) and the engine's anti-passback marks (which outlive any window). The newest
 * fact about a person wins; on a tie the passage, which names a door. A person whose newest fact is an
 * anti-passback "outside" mark is not placed anywhere (they left the zone by a reader the log did not
 * see within the window). Pure: the caller gathers the facts.
 */
final class Occupancy {

    /** One person believed inside {@code zoneId} since {@code enteredAt}; {@code doorId} null when known from anti-passback only. */
    record Occupant(String personId, String zoneId, Instant enteredAt, String doorId, String source) {
    }

    private Occupancy() {
    }

    /** Everyone believed inside some zone, ordered by entry time (earliest first). */
    static List<Occupant> believedInside(List<LastPassage> passages, Collection<ApbMark> marks, Function<String, Door> doors) {
        Map<String, Occupant> byPerson = new HashMap<>();
        for (LastPassage p : passages) {
            Door d = doors.apply(p.doorId());
            if (d != null) {
                byPerson.put(p.personId(), new Occupant(p.personId(), p.exit() ? d.fromZone() : d.toZone(), p.at(), d.id(), "door"));
            }
        }
        Map<String, ApbMark> newestMark = new HashMap<>();
        for (ApbMark m : marks) {
            newestMark.merge(m.personId(), m, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
        for (ApbMark m : newestMark.values()) {
            Occupant known = byPerson.get(m.personId());
            if (known != null && !m.at().isAfter(known.enteredAt())) {
                continue;
            }
            if (m.inside()) {
                byPerson.put(m.personId(), new Occupant(m.personId(), m.zoneId(), m.at(), null, "anti-passback"));
            } else {
                byPerson.remove(m.personId());
            }
        }
        List<Occupant> out = new ArrayList<>(byPerson.values());
        out.sort(Comparator.comparing(Occupant::enteredAt).thenComparing(Occupant::personId));
        return out;
    }
}
