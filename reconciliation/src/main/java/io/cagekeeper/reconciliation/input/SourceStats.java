package io.cagekeeper.reconciliation.input;

/**
 * How one source was read, for the report's completeness section: a file (its name and SHA-256) or a
 * query (its text), when it was extracted, how many rows it gave.
 *
 * @param extractedAt microseconds; for a file the time it was last modified, for a query the run's time
 */
public record SourceStats(String table, String kind, String location, String sha256, long extractedAt, long rows) {
}
