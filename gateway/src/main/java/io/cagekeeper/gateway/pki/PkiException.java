package io.cagekeeper.gateway.pki;

/**
 * The arguments were fine but the work cannot be done (no CA yet, a file would be overwritten, a
 * file cannot be read or written). Exit code 1. Messages name files, never key material.
 */
public final class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
