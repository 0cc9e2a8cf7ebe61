package io.cagekeeper.cli;

import io.cagekeeper.gateway.policy.PolicyLintCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cagekeeper policy ...}: the stored policy's tools. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "The stored policy's tools.",
        subcommands = PolicyCommand.Lint.class)
final class PolicyCommand extends CommandGroup {

    /** {@code cagekeeper policy lint [CONFIG]}: {@link PolicyLintCommand}. */
    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Lints the stored policy of the configured database: one finding a line.",
                    "Exit 0 no error finding, 1 at least one ERROR finding, 2 bad configuration or unreachable database.",
                    "With the embedded database, stop the gateway first (or use GET /api/policy/lint)."})
    static final class Lint implements Callable<Integer> {

        @Mixin
        ConfigArgument config;

        @Override
        public Integer call() {
            int code = PolicyLintCommand.run(config.file == null ? new String[0] : new String[] {config.file.toString()});
            System.out.flush();
            return code;
        }
    }
}
