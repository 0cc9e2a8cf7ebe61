package io.cagekeeper.reconciliation.input;

/**
 * The events, one at a time, in (at, id) order: from a file or a database cursor. Bounded memory: a
 * source never holds more than a batch.
 */
public interface EventSource extends AutoCloseable {

    /** The next event, or null after the last. */
    EventRow next();

    /** The part of the source read so far (0 to 1), or negative when unknown; for progress lines only. */
    default double done() {
        return -1;
    }

    /** How the events were read; complete only after {@link #next()} returned null. */
    SourceStats stats();

    @Override
    void close();
}
