package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.EventRow;

/** A check fed every event of the period in (at, id) order, then told the stream ended. */
public interface EventCheck {

    void onEvent(EventRow e, String person);

    default void finish() {
    }
}
