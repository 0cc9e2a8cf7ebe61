package io.cagekeeper.reconciliation;

import io.cagekeeper.reconciliation.exceptions.Finding;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.AclChangeRow;
import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.CredentialRow;
import io.cagekeeper.reconciliation.input.EventRow;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.HeartbeatRow;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.PersonRow;
import io.cagekeeper.reconciliation.input.SourceStats;
import io.cagekeeper.reconciliation.input.StatusChangeRow;
import io.cagekeeper.reconciliation.input.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A small site built in memory for the edge tests: add rows, run the reconciler over a period, read the findings. */
final class Fixture {

    static final long N = Times.NONE;

    final List<ApprovalRow> approvals = new ArrayList<>();
    final List<PersonRow> persons = new ArrayList<>();
    final List<CredentialRow> credentials = new ArrayList<>();
    final List<StatusChangeRow> statusChanges = new ArrayList<>();
    final List<HeartbeatRow> heartbeats = new ArrayList<>();
    final List<AclChangeRow> acl = new ArrayList<>();
    final List<EventRow> events = new ArrayList<>();
    private long nextId = 1;

    static long t(String iso) {
        return Times.micros(Instant.parse(iso));
    }

    Fixture person(String id, String type, long terminated) {
        persons.add(new PersonRow(id, "Name " + id, type, "Org", terminated));
        return this;
    }

    Fixture grant(String id, String person, String zone, long from, long until, long approvedAt) {
        approvals.add(new ApprovalRow(id, "GRANT", person, zone, from, until, "APPROVED", "user:1", N, "user:2", approvedAt, N,
                null, null, null, null, null, N, N, null));
        return this;
    }

    Fixture visit(String id, String visitor, String zone, long from, long until, String escort, long checkIn, long checkOut) {
        approvals.add(new ApprovalRow(id, "VISIT", visitor, zone, from, until, "CHECKED_OUT", "user:1", N, "user:2", from - 3_600_000_000L,
                N, escort, "Org", escort, "purpose", "PASSPORT", checkIn, checkOut, null));
        return this;
    }

    long entry(String person, String zone, long at) {
        return event(at, "ACCESS_GRANTED", person, zone, false, N, "r-in", null);
    }

    long exit(String person, String zone, long at) {
        return event(at, "ACCESS_GRANTED", person, zone, true, N, "r-out", null);
    }

    long event(long at, String type, String person, String zone, boolean out, long seq, String device, String card) {
        long id = nextId++;
        events.add(new EventRow(id, at, device, seq, type, null, card, person, "d1", zone, out, N, N, N));
        return id;
    }

    /** A denial (of a card of its own) at {@code device} with the device's own time and the time it reached the log. */
    long timed(long at, String device, long deviceTime, long storedAt) {
        long id = nextId++;
        events.add(new EventRow(id, at, device, N, "ACCESS_DENIED", null, "9" + id, null, "d1", null, false, deviceTime, N, storedAt));
        return id;
    }

    Result run(long from, long to, Map<String, String> settings) {
        List<EventRow> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingLong(EventRow::at).thenComparingLong(EventRow::id));
        Iterator<EventRow> it = sorted.iterator();
        EventSource source = new EventSource() {
            @Override
            public EventRow next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public SourceStats stats() {
                return new SourceStats("events", "memory", null, null, N, sorted.size());
            }

            @Override
            public void close() {
            }
        };
        Inputs inputs = new Inputs(approvals, persons, credentials, statusChanges, heartbeats, acl, List.of());
        return new Reconciler(Settings.of(settings), Progress.NONE).run(inputs, source, from, to, 1);
    }

    /** "TYPE|subject" of every finding of that run. */
    static TreeSet<String> found(Result r) {
        TreeSet<String> out = new TreeSet<>();
        for (Finding f : r.findings()) {
            out.add(f.type() + "|" + f.subject());
        }
        return out;
    }
}
