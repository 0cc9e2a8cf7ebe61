package io.cagekeeper.cli;

import io.cagekeeper.gateway.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Every failure as one line on stderr, named after the subcommand, never a stack trace: a usage
 * error (exit 2, with a pointer to the subcommand's {@code --help}), a configuration error (2), any
 * other exception (1). The innermost cause's message is the one shown: it is the one that says what
 * is wrong ("connection refused", "permission denied"), where the outer ones only say where.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return Cagekeeper.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        boolean config = e instanceof ConfigException;
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + (config ? "configuration error: " : "") + message(e));
        cmd.getErr().flush();
        return config ? Cagekeeper.USAGE : Cagekeeper.FAILED;
    }

    /** The innermost cause's message (its class name when it has none). */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + t.getMessage();
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + t.getMessage();
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException) {
            return "file exists: " + t.getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
