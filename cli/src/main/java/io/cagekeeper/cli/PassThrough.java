package io.cagekeeper.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;

/**
 * A subcommand whose tool parses its own arguments (the PKI tool, the proof verifier): picocli gives
 * it {@code --help} and hands every other word over unchanged ({@link Cagekeeper#commandLine()} treats
 * their options as positional words); the tool's own exit code is the command's.
 */
abstract class PassThrough implements Callable<Integer> {

    @Parameters(paramLabel = "ARGS", description = "the tool's arguments (below)")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        int code = delegate(args.toArray(String[]::new));
        System.out.flush();
        System.err.flush();
        return code;
    }

    /** Runs the tool on {@code args}, printing to System.out/err; returns its exit code. */
    abstract int delegate(String[] args);
}
