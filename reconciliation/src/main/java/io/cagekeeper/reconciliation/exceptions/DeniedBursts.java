package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.EventRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DENIED_BURST: a run of ACCESS_DENIED events of one card (else person, else device) in which each
 * denial follows the previous one by at most {@code deniedBurst.window}, with at least
 * {@code deniedBurst.count} denials. One finding per run, linking its denials. Memory: one open run
 * per card.
 */
public final class DeniedBursts implements EventCheck {

    private static final int LINKED = 100;

    private static final class Burst {
        long last;
        int count;
        final List<Long> ids = new ArrayList<>();
        long first;
        String person;
    }

    private final Run run;
    private final Map<String, Burst> open = new HashMap<>();

    public DeniedBursts(Run run) {
        this.run = run;
    }

    @Override
    public void onEvent(EventRow e, String person) {
        if (!"ACCESS_DENIED".equals(e.type())) {
            return;
        }
        String key = e.card() != null ? "card:" + e.card() : person != null ? "person:" + person : "device:" + e.device();
        Burst b = open.get(key);
        if (b != null && e.at() - b.last > run.settings.deniedBurstWindow) {
            close(key, b);
            b = null;
        }
        if (b == null) {
            b = new Burst();
            b.first = e.at();
            b.person = person;
            open.put(key, b);
        }
        b.last = e.at();
        b.count++;
        if (b.ids.size() < LINKED) {
            b.ids.add(e.id());
        }
    }

    private void close(String key, Burst b) {
        if (b.count >= run.settings.deniedBurstCount) {
            run.findings.add(ExceptionType.DENIED_BURST, key + ":" + b.ids.get(0), b.first, b.person, b.ids,
                    b.count + " denials of " + key);
        }
    }

    @Override
    public void finish() {
        open.forEach(this::close);
        open.clear();
    }
}
