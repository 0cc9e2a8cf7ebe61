package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.PersonRow;
import io.cagekeeper.reconciliation.input.Times;
import io.cagekeeper.reconciliation.match.Slot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The visit checks, once the events have been read: UNUSED_VISIT, VISITOR_LOG_INCOMPLETE, the
 * overstay form of OUT_OF_WINDOW, and UNESCORTED_VISITOR (definitions in docs/reconciliation.md).
 */
public final class VisitChecks {

    private final Run run;
    private final Presence presence;

    public VisitChecks(Run run, Presence presence) {
        this.run = run;
        this.presence = presence;
    }

    public void run() {
        Map<String, List<Slot>> visits = new LinkedHashMap<>();
        for (Slot s : run.index.all()) {
            if (s.approval.visit()) {
                visits.computeIfAbsent(s.approval.id(), k -> new ArrayList<>()).add(s);
            }
        }
        visits.forEach((id, slots) -> {
            ApprovalRow v = slots.get(0).approval;
            long uses = slots.stream().mapToLong(Slot::uses).sum();
            unused(v, uses);
            log(v, uses);
            overstay(v);
            escort(v, slots);
        });
    }

    private void unused(ApprovalRow v, long uses) {
        long end = v.validUntil();
        if (uses == 0 && end > run.from && end <= run.to) {
            run.findings.add(ExceptionType.UNUSED_VISIT, "approval:" + v.id(), end, v.person(), List.of(),
                    "visit " + v.id() + " to " + v.zone() + " approved by " + v.approvedBy() + ", never entered");
        }
    }

    private void log(ApprovalRow v, long uses) {
        if ((uses == 0 && v.checkedInAt() == Times.NONE) || !run.inPeriod(v.validFrom())) {
            return;
        }
        PersonRow p = run.persons.get(v.person());
        List<String> missing = new ArrayList<>();
        if (p == null || p.name() == null) {
            missing.add("name");
        }
        if (v.organization() == null && (p == null || p.organization() == null)) {
            missing.add("organization");
        }
        if (v.host() == null) {
            missing.add("host");
        }
        if (v.purpose() == null) {
            missing.add("purpose");
        }
        if (v.idType() == null) {
            missing.add("id_type");
        }
        if (v.checkedInAt() == Times.NONE) {
            missing.add("checked_in_at");
        }
        if (v.checkedOutAt() == Times.NONE && v.validUntil() + run.settings.checkoutGrace <= run.to) {
            missing.add("checked_out_at");
        }
        if (!missing.isEmpty()) {
            run.findings.add(ExceptionType.VISITOR_LOG_INCOMPLETE, "approval:" + v.id(), v.validFrom(), v.person(), List.of(),
                    "visit " + v.id() + " lacks " + String.join(", ", missing));
        }
    }

    private void overstay(ApprovalRow v) {
        long out = v.checkedOutAt();
        if (out != Times.NONE && run.inPeriod(out) && out > v.validUntil() + run.settings.overstayGrace) {
            run.findings.add(ExceptionType.OUT_OF_WINDOW, "approval:" + v.id() + ":overstay", out, v.person(), List.of(),
                    "overstay: visit " + v.id() + " ended " + Times.iso(v.validUntil()) + ", checked out " + Times.iso(out));
        }
    }

    /** Each stay of the visitor in a zone of the visit, begun in its window, within one stay of the escort. */
    private void escort(ApprovalRow v, List<Slot> slots) {
        long tol = run.settings.escortTolerance;
        for (Presence.Stay stay : presence.stays(v.person())) {
            boolean zoneOfVisit = slots.stream().anyMatch(s -> s.approval.zone().equals(stay.zone()));
            if (!zoneOfVisit || stay.in() < v.validFrom() || stay.in() >= v.end() || !run.inPeriod(stay.in())) {
                continue;
            }
            boolean covered = false;
            if (v.escort() != null) {
                for (Presence.Stay e : presence.stays(v.escort())) {
                    if (e.zone().equals(stay.zone()) && e.in() <= stay.in() + tol && e.out() >= stay.out() - tol) {
                        covered = true;
                        break;
                    }
                }
            }
            if (!covered) {
                run.findings.add(ExceptionType.UNESCORTED_VISITOR, "event:" + stay.inEvent(), stay.in(), v.person(),
                        List.of(stay.inEvent()), "visitor of " + v.id() + " in " + stay.zone() + " from " + Times.iso(stay.in())
                                + " to " + Times.iso(stay.out()) + " not covered by escort " + v.escort());
            }
        }
    }
}
