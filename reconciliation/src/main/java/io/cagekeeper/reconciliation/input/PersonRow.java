package io.cagekeeper.reconciliation.input;

/** One person of the roster; {@code terminatedAt} is {@link Times#NONE} unless terminated. */
public record PersonRow(String id, String name, String type, String organization, long terminatedAt) {

    public boolean terminatedBy(long at) {
        return terminatedAt != Times.NONE && terminatedAt <= at;
    }
}
