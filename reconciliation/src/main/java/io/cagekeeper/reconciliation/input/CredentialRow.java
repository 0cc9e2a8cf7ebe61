package io.cagekeeper.reconciliation.input;

/** One badge: its current status and validity; its history is in {@link StatusChangeRow}s. */
public record CredentialRow(String id, String card, String person, String status, long validFrom, long validUntil,
                            String visit) {
}
