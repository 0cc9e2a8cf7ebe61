package io.cagekeeper.gateway.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/** Runs a {@code pki} command on a directory for a test's setup, quietly, and asserts that it succeeded. */
final class PkiRun {

    private PkiRun() {
    }

    static void quietly(Path dir, String command, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = command;
        args[1] = "--dir";
        args[2] = dir.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(PkiCommand.run(args, quiet, quiet)).as(String.join(" ", args)).isZero();
    }
}
