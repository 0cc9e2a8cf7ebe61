package io.cagekeeper.gateway.policy;

/** Lets integration tests in another package run the command without {@code System.exit}. */
public final class PolicyLintCommandAccess {

    private PolicyLintCommandAccess() {
    }

    public static int run(String... args) {
        return PolicyLintCommand.run(args);
    }
}
