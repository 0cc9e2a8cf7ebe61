package io.cagekeeper.gateway.pki;

/**
 * The command line is wrong (unknown subcommand, missing or malformed option). The command prints
 * the message and the usage and exits with code 2, without a stack trace: the operator fixes the
 * arguments, there is nothing to debug.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
