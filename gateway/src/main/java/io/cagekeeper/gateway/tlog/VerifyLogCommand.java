package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.EmbeddedDatabase;
import io.cagekeeper.gateway.db.PgEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify-log}: checks the verifiable log in the database against a checkpoint, with the site's
 * verifier key only. Exit code 0: every row checked matches the checkpoint; 1: something is wrong (the
 * first bad entry is named first); 2: bad arguments or nothing to check against. Reads only.
 */
@Command(name = "verify-log", mixinStandardHelpOptions = true,
        description = "Checks the verifiable log (or leaves [from, to)) against a signed checkpoint; names the first bad entry.")
public final class VerifyLogCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "the gateway's configuration file (default: cagekeeper.properties if present)")
    Path config;

    @Option(names = "--jdbc-url", description = "a PostgreSQL JDBC URL instead of the configuration's database (password: --db-password-file or $PGPASSWORD)")
    String jdbcUrl;

    @Option(names = "--db-user", description = "the user of --jdbc-url", defaultValue = "cagekeeper")
    String dbUser;

    @Option(names = "--db-password-file", description = "a file holding the password of --db-user (default: $PGPASSWORD)")
    Path dbPasswordFile;

    @Option(names = {"-k", "--key"}, description = "the site's verifier key file (default: the configuration's tlog.key + .pub)")
    Path key;

    @Option(names = "--checkpoint", description = "a checkpoint kept outside the database (default: the latest stored in it)")
    Path checkpoint;

    @Option(names = "--tsa-cert", description = "the RFC 3161 TSA's certificate: also checks every stored time-stamp of a checkpoint against it")
    Path tsaCert;

    @Option(names = "--from", description = "first leaf to check (default: 0)", defaultValue = "0")
    long from;

    @Option(names = "--to", description = "leaf after the last to check (default: all)", defaultValue = "" + Long.MAX_VALUE)
    long to;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifyLogCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EmbeddedDatabase embedded = null;
        try {
            GatewayConfig cfg = jdbcUrl != null && key != null ? null : loadConfig();
            NoteKey verifier = NoteKey.verifier(Files.readString(key != null ? key : LogKey.publicFile(cfg.evidence().keyFile()),
                    StandardCharsets.UTF_8));
            String note = checkpoint == null ? null : Files.readString(checkpoint, StandardCharsets.UTF_8);
            String url;
            String user;
            String password;
            if (jdbcUrl != null) {
                url = jdbcUrl;
                user = dbUser;
                password = dbPasswordFile != null ? Files.readString(dbPasswordFile, StandardCharsets.UTF_8).strip()
                        : System.getenv().getOrDefault("PGPASSWORD", "");
            } else {
                PgEndpoint db;
                if (cfg.database().mode() == GatewayConfig.DbMode.EMBEDDED) {
                    embedded = EmbeddedDatabase.start(cfg.database().dataDir());
                    db = embedded.ownerEndpoint();
                } else {
                    var d = cfg.database();
                    db = new PgEndpoint(d.host(), d.port(), d.database(), d.user(), d.password());
                }
                url = db.jdbcUrl();
                user = db.user();
                password = db.password();
            }
            java.security.cert.X509Certificate tsa = tsaCert == null ? null : io.cagekeeper.evidence.TimestampCheck.tsaCertificate(tsaCert);
            LogVerifier.Report r;
            StoredStamps.Result stamps = null;
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                String u = url;
                String name = user;
                String pw = password;
                r = new LogVerifier(verifier).verify(c, () -> DriverManager.getConnection(u, name, pw), note, from, to);
                if (tsa != null) {
                    stamps = StoredStamps.check(c, tsa);
                }
            }
            out.println(summary(r));
            if (stamps != null) {
                out.println(stamps.summary());
            }
            out.flush();
            return r.ok() && (stamps == null || stamps.bad().isEmpty()) ? 0 : 1;
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("cagekeeper verify-log: " + e.getMessage());
            return 2;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private GatewayConfig loadConfig() {
        Path file = config != null ? config : Path.of("cagekeeper.properties");
        return ConfigLoader.load(config != null || file.toFile().exists() ? file : null, System.getenv());
    }

    /** The plain summary: the verdict, then each finding, the first bad entry first. */
    static String summary(LogVerifier.Report r) {
        StringBuilder b = new StringBuilder();
        b.append(r.ok() ? "OK" : "FAILED").append(": checkpoint of ").append(r.checkpointSize()).append(" leaves; rows of leaves [")
                .append(r.from()).append(", ").append(r.to()).append(") re-read: ").append(r.rowsChecked()).append('\n');
        if (!r.ok()) {
            b.append("first bad entry: ").append(r.first()).append('\n');
            r.findings().forEach(f -> b.append("  ").append(f).append('\n'));
        }
        return b.toString();
    }
}
