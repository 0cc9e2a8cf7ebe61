package io.cagekeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cagekeeper version}: this build's version, git commit and the database schema version it needs. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Prints this build's version, its git commit (when known) and the database schema version it migrates to.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : BuildInfo.current().lines()) {
            spec.commandLine().getOut().println(line);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
