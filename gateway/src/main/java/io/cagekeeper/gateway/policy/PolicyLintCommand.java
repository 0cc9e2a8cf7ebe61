package io.cagekeeper.gateway.policy;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.EmbeddedDatabase;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.http.LintReport;
import io.cagekeeper.policy.lint.LintFinding;
import io.cagekeeper.policy.lint.PolicyLint;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lints the stored policy from the command line: {@code PolicyLintCommand [gateway.properties]}
 * reads the policy from the database the gateway is configured with and prints one finding a line
 * (severity, check, subject, message). Exit code 0 = no errors, 1 = at least one ERROR finding,
 * 2 = bad configuration or unreachable database. A running gateway serves the same report at
 * {@code GET /api/policy/lint}; with the embedded database, use that while the gateway runs (its data
 * directory is locked).
 */
public final class PolicyLintCommand {

    private PolicyLintCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the lint; returns the exit code (0, 1 or 2 as above). */
    public static int run(String[] args) {
        GatewayConfig config;
        try {
            Path file = args.length > 0 ? Path.of(args[0]) : Path.of("cagekeeper.properties");
            config = ConfigLoader.load(Files.exists(file) || args.length > 0 ? file : null, System.getenv());
        } catch (ConfigException e) {
            System.err.println("policy lint: configuration error: " + e.getMessage());
            return 2;
        }
        EmbeddedDatabase embedded = null;
        Vertx vertx = Vertx.vertx();
        try {
            PgEndpoint db;
            if (config.database().mode() == GatewayConfig.DbMode.EMBEDDED) {
                embedded = EmbeddedDatabase.start(config.database().dataDir());
                db = embedded.endpoint();
            } else {
                var d = config.database();
                db = new PgEndpoint(d.host(), d.port(), d.database(), d.user(), d.password());
            }
            Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port())
                    .setDatabase(db.database()).setUser(db.user()).setPassword(db.password())).using(vertx).build();
            PolicyStore.Loaded loaded = new PolicyStore(pool).load().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            List<LintFinding> findings = PolicyLint.lint(loaded.data(), Instant.now());
            System.out.println("# policy version " + loaded.version() + ": " + findings.size() + " finding(s)");
            findings.forEach(f -> System.out.println(LintReport.toText(f)));
            return findings.stream().anyMatch(f -> f.severity() == LintFinding.Severity.ERROR) ? 1 : 0;
        } catch (Exception e) {
            System.err.println("policy lint: cannot read the policy: " + rootMessage(e));
            return 2;
        } finally {
            vertx.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
