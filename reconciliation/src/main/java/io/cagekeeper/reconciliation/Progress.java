package io.cagekeeper.reconciliation;

/** Told how many events have been read, every so often on long runs (for the CLI's progress line). */
@FunctionalInterface
public interface Progress {

    Progress NONE = (rows, done) -> { };

    /** @param done the part of the source read so far, 0 to 1, or negative when unknown */
    void eventsRead(long rows, double done);
}
