package io.cagekeeper.reconciliation.input;

/** An input that cannot be read at all (missing file, unreadable mapping, no header): one clear line. */
public final class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }
}
