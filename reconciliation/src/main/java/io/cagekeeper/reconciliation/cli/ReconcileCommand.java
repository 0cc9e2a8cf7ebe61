package io.cagekeeper.reconciliation.cli;

import io.cagekeeper.reconciliation.Progress;
import io.cagekeeper.reconciliation.ReconciliationRun;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.DbInputs;
import io.cagekeeper.reconciliation.input.EventSource;
import io.vertx.pgclient.PgConnectOptions;
import io.cagekeeper.reconciliation.input.FileInputs;
import io.cagekeeper.reconciliation.input.InputException;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.RowErrors;
import io.cagekeeper.reconciliation.input.Times;
import io.cagekeeper.reconciliation.report.Dispositions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reconcile}: the command line of docs/reconciliation.md. Exit codes: 0 report written;
 * 2 usage error; 3 rows refused (errors.txt written, no report); 4 an input or setting unreadable;
 * 1 anything else. Every failure is one line on stderr, never a stack trace.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, versionProvider = ReconcileCommand.Version.class,
        description = "Match every entry of a period to the approval behind it and write the audit report.")
public final class ReconcileCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int BAD_ROWS = 3;
    public static final int UNREADABLE = 4;

    /** Where the inputs come from: a directory of canonical files, or the gateway's database. */
    static final class Source {
        @Option(names = "--input", required = true, description = "directory of canonical files (events.csv|jsonl, approvals, persons, credentials, ...)")
        Path input;

        @Option(names = "--db", required = true, description = "the gateway's PostgreSQL as host:port/database")
        String db;
    }

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--db-user", defaultValue = "postgres", description = "database user (default ${DEFAULT-VALUE}); a read-only role is enough")
    String dbUser;

    @Option(names = "--db-password-file", description = "file holding the database password (never on the command line)")
    Path dbPasswordFile;

    @Option(names = "--from", required = true, description = "start of the period, ISO-8601 with offset, inclusive")
    String from;

    @Option(names = "--to", required = true, description = "end of the period, ISO-8601 with offset, exclusive")
    String to;

    @Option(names = "--site", required = true, description = "the site reconciled (named in the report)")
    String site;

    @Option(names = "--out", required = true, description = "directory for report.json, exceptions.csv, report.pdf (or errors.txt)")
    Path out;

    @Option(names = "--settings", description = "properties file of thresholds (docs/reconciliation.md, Settings)")
    Path settingsFile;

    @Option(names = "--dispositions", description = "CSV of dispositions (a filled-in exceptions.csv of an earlier report)")
    Path dispositions;

    @Option(names = "--sample-seed", description = "seed of the audit sample (default: derived from site, period, settings)")
    Long seed;

    @Option(names = "--pseudonym-key", description = "file holding the key for the shareable variant (person ids pseudonymised)")
    Path pseudonymKey;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    private final PrintWriter err;
    private final io.cagekeeper.reconciliation.input.DecisionHistory.Opener decisions;

    public ReconcileCommand(PrintWriter err) {
        this(err, null);
    }

    /**
     * @param decisions opens the database's decision history so that {@code --db} runs re-judge every logged
     *                  decision (POLICY_DRIFT); null: they do not (the reconciliation module alone cannot read
     *                  the gateway's stored policy), and the report lists {@code decisions} as absent
     */
    public ReconcileCommand(PrintWriter err, io.cagekeeper.reconciliation.input.DecisionHistory.Opener decisions) {
        this.err = err;
        this.decisions = decisions;
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command; returns its exit code. */
    public static int execute(String[] args, PrintWriter err) {
        return execute(args, err, null);
    }

    /** Runs the command re-judging {@code --db} runs' decisions with {@code decisions}; returns its exit code. */
    public static int execute(String[] args, PrintWriter err, io.cagekeeper.reconciliation.input.DecisionHistory.Opener decisions) {
        CommandLine cl = new CommandLine(new ReconcileCommand(err, decisions));
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("reconcile: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return FAILED;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        try {
            long f = time("--from", from);
            long t = time("--to", to);
            if (t <= f) {
                err.println("reconcile: --to must be after --from");
                return USAGE;
            }
            Settings settings = settingsFile == null ? Settings.defaults() : Settings.load(settingsFile);
            RowErrors errors = new RowErrors();
            long now = Times.micros(Instant.now());
            FileInputs files = null;
            DbInputs db = null;
            io.cagekeeper.reconciliation.input.DecisionHistory history = null;
            Inputs inputs;
            if (source.input != null) {
                files = new FileInputs(source.input, errors);
                inputs = files.load();
            } else {
                PgConnectOptions connect = connect(source.db);
                db = new DbInputs(connect, errors, f, t, now);
                inputs = db.load();
                history = decisions == null ? null : decisions.open(connect);
            }
            byte[] key = pseudonymKey == null ? null : Files.readAllBytes(pseudonymKey);
            if (key != null && key.length < 16) {
                err.println("reconcile: the pseudonym key must hold at least 16 bytes");
                return UNREADABLE;
            }
            Progress progress = quiet ? Progress.NONE : (rows, done) -> {
                double s = (System.nanoTime() - started) / 1e9;
                String left = done > 0 && done < 1 ? String.format(", about %.0f s left", s * (1 - done) / done) : "";
                err.printf("reconcile: %,d events read, %,.0f/s%s%n", rows, rows / Math.max(s, 1e-3), left);
            };
            var disp = dispositions == null ? Dispositions.none() : Dispositions.load(dispositions);
            try (DbInputs closing = db; io.cagekeeper.reconciliation.input.DecisionHistory closingHistory = history;
                 EventSource events = files != null ? files.events() : db.events()) {
                Path staging = Files.createTempDirectory(out.toAbsolutePath().getParent() == null ? Path.of(".")
                        : Files.createDirectories(out.toAbsolutePath().getParent()), ".reconcile");
                var written = ReconciliationRun.write(inputs, events, history, site, f, t, settings, seed, disp, key, staging,
                        now, progress);
                if (!errors.isEmpty()) {
                    deleteTree(staging);
                    Files.createDirectories(out);
                    Files.writeString(out.resolve("errors.txt"), errors.render(), StandardCharsets.UTF_8);
                    err.println("reconcile: " + errors.count() + " rows refused, no report written; see "
                            + out.resolve("errors.txt") + " (first: " + errors.kept().get(0) + ")");
                    return BAD_ROWS;
                }
                Files.createDirectories(out);
                try (var list = Files.list(staging)) {
                    for (Path p : (Iterable<Path>) list::iterator) {
                        Files.move(p, out.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.delete(staging);
                Files.deleteIfExists(out.resolve("errors.txt"));
                if (!quiet) {
                    err.printf("reconcile: %d exceptions, report %s%n", written.result().findings().size(), out.resolve("report.json"));
                }
                return OK;
            }
        } catch (InputException e) {
            err.println("reconcile: " + e.getMessage());
            return UNREADABLE;
        } catch (IOException e) {
            err.println("reconcile: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return UNREADABLE;
        } catch (UsageException e) {
            err.println("reconcile: " + e.getMessage());
            return USAGE;
        }
    }

    private PgConnectOptions connect(String db) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^:/]+):([0-9]{1,5})/([A-Za-z0-9_.-]+)").matcher(db);
        if (!m.matches()) {
            throw new UsageException("--db '" + db + "' is not host:port/database");
        }
        String password = dbPasswordFile == null ? "" : Files.readString(dbPasswordFile, StandardCharsets.UTF_8).strip();
        return new PgConnectOptions().setHost(m.group(1)).setPort(Integer.parseInt(m.group(2))).setDatabase(m.group(3))
                .setUser(dbUser).setPassword(password);
    }

    private static long time(String option, String text) {
        try {
            return Times.micros(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + text + "' is not an ISO-8601 time with offset (2026-12-01T00:00:00Z)");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The version picocli prints for --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"reconcile " + io.cagekeeper.reconciliation.report.ReportBuilder.version()};
        }
    }
}
