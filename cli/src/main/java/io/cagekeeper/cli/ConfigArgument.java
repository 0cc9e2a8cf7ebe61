package io.cagekeeper.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The optional {@code CONFIG} argument of the commands that read the gateway's configuration (a picocli mixin). */
final class ConfigArgument {

    @Parameters(arity = "0..1", paramLabel = "CONFIG",
            description = "the gateway's configuration file (default: cagekeeper.properties in the working directory if present)")
    Path file;
}
