package io.cagekeeper.reconciliation.input;

/**
 * One row of the ACL change log (policy_deltas): which policy row changed, by whom, into what state,
 * and the approval the change claims. {@code op} is I, U or D.
 */
public record AclChangeRow(long seq, long at, String actor, String table, String key, String op, String state,
                           String approval) {
}
