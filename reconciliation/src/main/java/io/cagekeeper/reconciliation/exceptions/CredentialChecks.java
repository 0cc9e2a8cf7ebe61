package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.CredentialRow;
import io.cagekeeper.reconciliation.input.PersonRow;
import io.cagekeeper.reconciliation.input.StatusChangeRow;
import io.cagekeeper.reconciliation.input.Times;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The badge checks, from the roster, the credentials and their status history: REVOCATION_LATENCY,
 * ORPHAN_CREDENTIAL, RESURRECTED_CREDENTIAL and VISITOR_BADGE_LIVE (definitions in
 * docs/reconciliation.md).
 */
public final class CredentialChecks {

    private static final Set<String> INACTIVE = Set.of("SUSPENDED", "LOST", "STOLEN", "EXPIRED");

    private final Run run;
    private final StatusHistory history;
    private final Map<String, List<CredentialRow>> byPerson = new HashMap<>();

    public CredentialChecks(Run run, StatusHistory history) {
        this.run = run;
        this.history = history;
        for (CredentialRow c : run.inputs.credentials()) {
            byPerson.computeIfAbsent(c.person(), k -> new ArrayList<>()).add(c);
        }
    }

    public void run() {
        revocations();
        orphans();
        resurrections();
        visitorBadges();
    }

    /** A termination in the period, and a badge usable at it that stayed usable longer than the SLA. */
    private void revocations() {
        for (PersonRow p : run.inputs.persons()) {
            long t = p.terminatedAt();
            if (t == Times.NONE || !run.inPeriod(t)) {
                continue;
            }
            for (CredentialRow c : byPerson.getOrDefault(p.id(), List.of())) {
                if (!history.usableAt(c, t)) {
                    continue;
                }
                long off = history.deactivatedAfter(c, t);
                if (off == Times.NONE ? run.to - t > run.settings.revocationSla : off - t > run.settings.revocationSla) {
                    run.findings.add(ExceptionType.REVOCATION_LATENCY, "credential:" + c.id(), t, p.id(), List.of(),
                            "terminated " + Times.iso(t) + ", badge " + c.id()
                                    + (off == Times.NONE ? " still active at the end of the period" : " deactivated " + Times.iso(off)));
                }
            }
        }
    }

    /** A badge usable at the end of the period whose person is not on the roster or is terminated. */
    private void orphans() {
        long end = run.to - 1;
        for (CredentialRow c : run.inputs.credentials()) {
            if (!history.usableAt(c, end)) {
                continue;
            }
            PersonRow p = run.persons.get(c.person());
            if (p == null || p.terminatedBy(end)) {
                run.findings.add(ExceptionType.ORPHAN_CREDENTIAL, "credential:" + c.id(), end, c.person(), List.of(),
                        "badge " + c.id() + " active at the end of the period, "
                                + (p == null ? "its person is not on the roster" : "its person terminated " + Times.iso(p.terminatedAt())));
            }
        }
    }

    /** Back to ACTIVE from REVOKED, or from another inactive status without an approval. */
    private void resurrections() {
        for (StatusChangeRow r : run.inputs.statusChanges()) {
            if (!run.inPeriod(r.at()) || !"ACTIVE".equals(r.to()) || r.from() == null) {
                continue;
            }
            if ("REVOKED".equals(r.from()) || (INACTIVE.contains(r.from()) && r.approval() == null)) {
                CredentialRow c = run.credentials.get(r.credential());
                run.findings.add(ExceptionType.RESURRECTED_CREDENTIAL, "credential:" + r.credential() + ":" + Times.iso(r.at()),
                        r.at(), c == null ? null : c.person(), List.of(),
                        "badge " + r.credential() + " from " + r.from() + " to ACTIVE by " + r.actor()
                                + (r.approval() == null ? " without approval" : " (approval " + r.approval() + ")"));
            }
        }
    }

    /** A visitor badge still usable longer than the grace after its visit ended. */
    private void visitorBadges() {
        Map<String, List<CredentialRow>> byVisit = new HashMap<>();
        for (CredentialRow c : run.inputs.credentials()) {
            if (c.visit() != null) {
                byVisit.computeIfAbsent(c.visit(), k -> new ArrayList<>()).add(c);
            }
        }
        Set<String> done = new java.util.HashSet<>();
        for (ApprovalRow v : run.inputs.approvals()) {
            if (!v.visit() || !v.everInForce() || !done.add(v.id()) || !run.inPeriod(v.end())) {
                continue;
            }
            List<CredentialRow> badges = new ArrayList<>(byVisit.getOrDefault(v.id(), List.of()));
            CredentialRow named = v.credential() == null ? null : run.credentials.get(v.credential());
            if (named != null && !badges.contains(named)) {
                badges.add(named);
            }
            long end = v.end();
            for (CredentialRow c : badges) {
                if (!history.usableAt(c, end)) {
                    continue;
                }
                long off = history.deactivatedAfter(c, end);
                if (off == Times.NONE ? run.to - end > run.settings.visitorBadgeGrace : off - end > run.settings.visitorBadgeGrace) {
                    run.findings.add(ExceptionType.VISITOR_BADGE_LIVE, "credential:" + c.id(), end, v.person(), List.of(),
                            "visitor badge " + c.id() + " of visit " + v.id() + " ended " + Times.iso(end)
                                    + (off == Times.NONE ? ", still active at the end of the period" : ", deactivated " + Times.iso(off)));
                }
            }
        }
    }
}
