package io.cagekeeper.reconciliation.input;

/** One status change of a credential (credential_status_changes); {@code approval} names its approval, if any. */
public record StatusChangeRow(String credential, long at, String from, String to, String actor, String approval) {
}
