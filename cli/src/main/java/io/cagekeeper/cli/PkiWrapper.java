package io.cagekeeper.cli;

import io.cagekeeper.gateway.pki.PkiCommand;
import picocli.CommandLine.Command;

/** {@code cagekeeper pki ...}: the site PKI tool ({@link PkiCommand}): 0 done, 1 could not be done, 2 bad arguments. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "The site PKI: CA, gateway, broker, server and reader certificates, reader HMAC keys, log-signing key, Mosquitto configuration.",
        footerHeading = "%n", footer = PkiCommand.USAGE)
final class PkiWrapper extends PassThrough {

    @Override
    int delegate(String[] args) {
        return PkiCommand.run(args, System.out, System.err);
    }
}
