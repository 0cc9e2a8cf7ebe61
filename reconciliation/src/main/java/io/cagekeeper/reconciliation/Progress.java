package io.cagekeeper.reconciliation;

/** Told how many events have been read, every so often on long runs (for the CLI's progress line). */
@FunctionalInterface
public interface Progress {

    Progress NONE = rows -> { };

    void eventsRead(long rows);
}
