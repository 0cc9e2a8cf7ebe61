package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.Times;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TWO_PERSON_VIOLATION: in a zone named by {@code twoPerson.zones}, one person alone (occupancy
 * exactly one, from granted entries and exits) for more than {@code twoPerson.grace}; one finding per
 * time alone, on the entry (or exit of the other) that left them alone. A time alone still going on at
 * the end of the period is judged up to it. Memory: the occupants of those zones.
 */
public final class TwoPersonCheck implements EventCheck {

    private static final class Zone {
        final Set<String> occupants = new HashSet<>();
        long aloneSince;
        long aloneEvent;
        String alone;
    }

    private final Run run;
    private final Map<String, Zone> zones = new HashMap<>();

    public TwoPersonCheck(Run run) {
        this.run = run;
        run.settings.twoPersonZones.forEach(z -> zones.put(z, new Zone()));
    }

    @Override
    public void onEvent(EventRow e, String person) {
        Zone z = e.zone() == null ? null : zones.get(e.zone());
        if (z == null || !e.granted() || person == null) {
            return;
        }
        int before = z.occupants.size();
        boolean changed = e.out() ? z.occupants.remove(person) : z.occupants.add(person);
        if (!changed) {
            return;
        }
        if (before == 1) {
            judge(e.zone(), z, e.at());
        }
        if (z.occupants.size() == 1) {
            z.aloneSince = e.at();
            z.aloneEvent = e.id();
            z.alone = z.occupants.iterator().next();
        }
    }

    private void judge(String zone, Zone z, long until) {
        if (until - z.aloneSince > run.settings.twoPersonGrace) {
            run.findings.add(ExceptionType.TWO_PERSON_VIOLATION, "event:" + z.aloneEvent, z.aloneSince, z.alone,
                    List.of(z.aloneEvent), z.alone + " alone in two-person zone " + zone + " from " + Times.iso(z.aloneSince)
                            + " to " + Times.iso(until));
        }
    }

    @Override
    public void finish() {
        zones.forEach((name, z) -> {
            if (z.occupants.size() == 1) {
                judge(name, z, run.to);
            }
        });
    }
}
