package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.Times;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LATE_EVENT: events that reached the log more than {@code lateEvent.after} after they happened: stored
 * late ({@code stored_at - at}: the gateway's journal handing events on after a database outage, or rows
 * written into the log after the fact) or delivered late ({@code at - device_time}: a device that buffered
 * while its link was down). Either way the log was incomplete for that long, which is what an auditor
 * must be told. A device's consecutive late events are one finding (an outage delays thousands), linking
 * up to {@value #LINKED} of them; a timely event of that device ends the run. Memory: one open run per device.
 */
public final class LateEvents implements EventCheck {

    private static final int LINKED = 100;

    private static final class Late {
        final long first;
        final long firstId;
        final String person;
        final List<Long> ids = new ArrayList<>();
        long count;
        long stored;
        long delivered;

        Late(EventRow e, String person) {
            this.first = e.at();
            this.firstId = e.id();
            this.person = person;
        }
    }

    private final Run run;
    private final Map<String, Late> open = new HashMap<>();

    public LateEvents(Run run) {
        this.run = run;
    }

    @Override
    public void onEvent(EventRow e, String person) {
        long stored = e.storedAt() == Times.NONE ? 0 : e.storedAt() - e.at();
        long delivered = e.deviceTime() == Times.NONE ? 0 : e.at() - e.deviceTime();
        long limit = run.settings.lateAfter;
        if (stored <= limit && delivered <= limit) {
            Late ended = open.remove(e.device());
            if (ended != null) {
                close(e.device(), ended);
            }
            return;
        }
        Late l = open.computeIfAbsent(e.device(), k -> new Late(e, person));
        l.count++;
        if (l.ids.size() < LINKED) {
            l.ids.add(e.id());
        }
        l.stored = Math.max(l.stored, stored);
        l.delivered = Math.max(l.delivered, delivered);
    }

    private void close(String device, Late l) {
        StringBuilder detail = new StringBuilder().append(l.count).append(l.count == 1 ? " event of " : " events of ").append(device);
        if (l.stored > run.settings.lateAfter) {
            detail.append(" stored up to ").append(duration(l.stored)).append(" after it happened");
        }
        if (l.delivered > run.settings.lateAfter) {
            detail.append(l.stored > run.settings.lateAfter ? ";" : "").append(" delivered up to ").append(duration(l.delivered))
                    .append(" after the device's time");
        }
        run.findings.add(ExceptionType.LATE_EVENT, "late:" + device + ":" + l.firstId, l.first, l.person, l.ids, detail.toString());
    }

    private static String duration(long micros) {
        return Duration.ofNanos(micros * 1_000).toString();
    }

    @Override
    public void finish() {
        open.forEach(this::close);
        open.clear();
    }
}
