package io.cagekeeper.cli;

import io.cagekeeper.evidence.VerifyCommand;
import picocli.CommandLine.Command;

/** {@code cagekeeper verify ...}: checks an inclusion proof or a signed report offline ({@link VerifyCommand}). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks an inclusion proof (from log-proof) or a detached signature with the site's verifier key only.",
                "Exit 0 when it holds, 1 when it does not, 2 on bad arguments or unreadable files."},
        footerHeading = "%n", footer = {"usage: cagekeeper verify --key <site verifier key file> <inclusion proof file>",
                "       cagekeeper verify --key <site verifier key file> --document <file> --signature <detached signature file>"})
final class VerifyWrapper extends PassThrough {

    @Override
    int delegate(String[] args) {
        return VerifyCommand.run(args, System.out, System.err);
    }
}
