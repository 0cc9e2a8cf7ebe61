package io.cagekeeper.reconciliation.input;

/**
 * The events, one at a time, in (at, id) order: from a file or a database cursor. Bounded memory: a
 * source never holds more than a batch.
 */
public interface EventSource extends AutoCloseable {

    /** The next event, or null after the last. */
    EventRow next();

    /** How the events were read; complete only after {@link #next()} returned null. */
    SourceStats stats();

    @Override
    void close();
}
