package io.cagekeeper.cli;

import io.cagekeeper.evidence.VerifyCommand;
import picocli.CommandLine.Command;

/** {@code cagekeeper verify ...}: checks an inclusion proof, a signed report, a signed export or a time-stamped checkpoint offline ({@link VerifyCommand}). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks an inclusion proof (from log-proof), a signed report, a signed event export, a checkpoint and its RFC 3161",
                "time-stamp, or a detached signature, with the site's verifier key (and the TSA's certificate) only.",
                "Exit 0 when it holds, 1 when it does not, 2 on bad arguments or unreadable files."},
        footerHeading = "%n", footer = {"usage: cagekeeper verify --key <site verifier key file> <inclusion proof file>",
                "       cagekeeper verify --key <site verifier key file> --document <file> --signature <detached signature file>",
                "       cagekeeper verify --key <site verifier key file> --report <report directory> [--shareable]",
                "       cagekeeper verify --key <site verifier key file> --export <signed export (.jsonl)>",
                "       cagekeeper verify --key <site verifier key file> --checkpoint <checkpoint file> [--tsa-cert <TSA certificate>] [--timestamp <token file>]"})
final class VerifyWrapper extends PassThrough {

    @Override
    int delegate(String[] args) {
        return VerifyCommand.run(args, System.out, System.err);
    }
}
