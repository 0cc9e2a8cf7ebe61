package io.cagekeeper.cli;

import io.cagekeeper.gateway.auth.AdminReset;
import io.cagekeeper.gateway.tlog.LogProofCommand;
import io.cagekeeper.gateway.tlog.VerifyLogCommand;
import io.cagekeeper.reconciliation.cli.ReconcileCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cagekeeper}: the one command an operator runs on a server. Each subcommand delegates to the
 * code that already does the work (the gateway, the PKI tool, the lint, the reconciliation, the log
 * verifiers); this class only gives them one entry point, one {@code --help} each and one way of
 * failing: a single line on stderr, never a stack trace, and the exit codes listed below.
 */
@Command(name = "cagekeeper", mixinStandardHelpOptions = true, versionProvider = BuildInfo.Provider.class,
        description = "Cagekeeper: access control for datacenter cages.",
        subcommands = {RunCommand.class, InitCommand.class, PkiWrapper.class, PolicyCommand.class, AdminCommand.class,
                VerifyLogCommand.class, LogProofCommand.class, VerifyWrapper.class, BackupCommand.class, RestoreCommand.class,
                MigrateCommand.class, VersionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (verify, verify-log: the evidence holds; policy lint: no error finding)",
                "1:failed: the message says why (verify, verify-log: the evidence does not hold; policy lint: error findings)",
                "2:usage or configuration error: the message names the option or setting",
                "3:reconcile: rows refused (errors.txt written, no report)",
                "4:reconcile: an input or setting unreadable"})
public final class Cagekeeper extends CommandGroup {

    /** Exit code of a command that failed. */
    public static final int FAILED = 1;
    /** Exit code of a usage or configuration error. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (Throwable e) { // an Error escapes picocli's handlers: still one line, never a stack trace
            System.err.println("cagekeeper: " + OneLineErrors.message(e));
            code = FAILED;
        }
        System.exit(code);
    }

    /**
     * The command line as {@link #main} runs it: every subcommand, and the error handlers. Tests go
     * through this, so what they check is what an operator gets.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cagekeeper());
        // AdminReset is also run alone as admin-reset; here it is "admin reset"
        CommandLine reset = new CommandLine(new AdminReset());
        reset.getCommandSpec().name("reset");
        cl.getSubcommands().get("admin").addSubcommand("reset", reset);
        // reconcile reports its own failures on the writer it is given: the process's stderr
        cl.addSubcommand("reconcile", new ReconcileCommand(new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                io.cagekeeper.gateway.reconcile.StoredDecisionHistory::open));
        // the wrapped tools parse their own arguments: every word after the subcommand is theirs
        cl.getSubcommands().get("pki").setUnmatchedOptionsArePositionalParams(true);
        cl.getSubcommands().get("verify").setUnmatchedOptionsArePositionalParams(true);
        OneLineErrors errors = new OneLineErrors();
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl;
    }
}
