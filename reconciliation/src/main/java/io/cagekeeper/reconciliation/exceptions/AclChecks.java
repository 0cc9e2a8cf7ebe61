package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.AclChangeRow;
import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.Times;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ACL_CHANGE_WITHOUT_APPROVAL: a change in the period that puts a grant or a visit in force (insert or
 * update of {@code grants} / {@code visits} into state APPROVED or CHECKED_IN) must name an approval,
 * and the approvals input must show that grant or visit approved by someone other than its requester,
 * no later than {@code acl.approvalTolerance} after the change. A raw-SQL change has no approval.
 */
public final class AclChecks {

    private static final Set<String> TABLES = Set.of("grants", "visits");
    private static final Set<String> IN_FORCE = Set.of("APPROVED", "CHECKED_IN");

    private final Run run;

    public AclChecks(Run run) {
        this.run = run;
    }

    public void run() {
        Map<String, ApprovalRow> byId = new HashMap<>();
        run.inputs.approvals().forEach(a -> byId.putIfAbsent(a.id(), a));
        for (AclChangeRow c : run.inputs.aclChanges()) {
            if (!run.inPeriod(c.at()) || !TABLES.contains(c.table()) || c.op().equals("D") || !IN_FORCE.contains(c.state())) {
                continue;
            }
            ApprovalRow a = byId.get(c.key());
            String why = null;
            if (c.approval() == null) {
                why = "names no approval";
            } else if (a == null || a.approvedBy() == null) {
                why = "its " + c.table() + " row " + c.key() + " has no approver";
            } else if (a.approvedBy().equals(a.requestedBy())) {
                why = "approved by its own requester " + a.approvedBy();
            } else if (a.approvedAt() > c.at() + run.settings.aclTolerance) {
                why = "approved only at " + Times.iso(a.approvedAt());
            }
            if (why != null) {
                run.findings.add(ExceptionType.ACL_CHANGE_WITHOUT_APPROVAL, "acl:" + c.seq(), c.at(),
                        a == null ? null : a.person(), List.of(),
                        c.table() + " " + c.key() + " set " + c.state() + " by " + c.actor() + ": " + why);
            }
        }
    }
}
