package io.cagekeeper.reconciliation.input;

import java.util.List;

/**
 * Everything but the events, held in memory (approvals, roster, credentials and their history,
 * heartbeats, the ACL change log: small beside the event log), with how each was read. The events
 * stream past separately ({@link EventSource}).
 */
public record Inputs(List<ApprovalRow> approvals, List<PersonRow> persons, List<CredentialRow> credentials,
                     List<StatusChangeRow> statusChanges, List<HeartbeatRow> heartbeats, List<AclChangeRow> aclChanges,
                     List<SourceStats> sources) {
}
