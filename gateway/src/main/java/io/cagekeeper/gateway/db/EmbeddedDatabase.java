package io.cagekeeper.gateway.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL server (zonky) for a machine with nothing installed. Unlike zonky's test
 * defaults it keeps its data directory and runs with fsync and synchronous commit on: the event log
 * lives here, and an event the gateway has acknowledged must survive a crash or power loss.
 *
 * <p>Unlike zonky's defaults it is not open to every local process either (zonky makes a superuser
 * with no password and trusts every connection). It listens on 127.0.0.1 only and authenticates every
 * connection, TCP and Unix socket alike, with SCRAM-SHA-256 ({@code pg_hba.conf} is rewritten at each
 * start, so a hand edit back to {@code trust} does not survive). Two generated passwords are kept in
 * {@code <dataDir>-secrets/} (0700, files 0600, created on first start and reused): the superuser's
 * ({@code postgres}, which owns the schema and runs the migrations) and that of the login role
 * {@value #GATEWAY_ROLE} the gateway's pool uses, whose rights {@link GatewayRole} narrows. A data
 * directory made by an older version (trust, no password) is upgraded in place at its first start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The login role the gateway's runtime pool connects as. */
    public static final String GATEWAY_ROLE = "cagekeeper_gateway";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String OWNER = "postgres";
    private static final String DATABASE = "postgres";
    /** Password authentication for everyone, everywhere; no {@code trust}, no {@code peer}. */
    static final String PG_HBA = """
            # Written by Cagekeeper at every start: every connection authenticates with a password
            # (SCRAM-SHA-256), over the Unix socket and over loopback TCP alike. The passwords are in
            # the secrets directory beside this data directory (files 0600).
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;
    private static final String ENSURE_GATEWAY_ROLE = """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                    CREATE ROLE %1$s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
                END IF;
            END $$
            """.formatted(GATEWAY_ROLE);

    private final EmbeddedPostgres postgres;
    private final String ownerPassword;
    private final String gatewayPassword;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String ownerPassword, String gatewayPassword) {
        this.postgres = postgres;
        this.ownerPassword = ownerPassword;
        this.gatewayPassword = gatewayPassword;
    }

    /** Where the passwords of the server in {@code dataDir} are kept: {@code <dataDir>-secrets}. */
    public static Path secretsDir(Path dataDir) {
        return EmbeddedStorePaths.secretsDir(dataDir);
    }

    /** The file holding the password of the gateway's role {@value #GATEWAY_ROLE} (for an operator's own tools). */
    public static Path gatewayPasswordFile(Path dataDir) {
        return secretsDir(dataDir).resolve(GATEWAY_ROLE + ".password");
    }

    /** The file holding the superuser's ({@code postgres}) password. */
    public static Path ownerPasswordFile(Path dataDir) {
        return secretsDir(dataDir).resolve(OWNER + ".password");
    }

    /** Starts (initialising on first use, upgrading a password-less directory) the server whose data lives in {@code dataDir}. Blocking. */
    public static EmbeddedDatabase start(Path dataDir) {
        EmbeddedSupport.requireDatabase();
        Path data = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(data);
            SecretFile owner = new SecretFile(ownerPasswordFile(data));
            boolean initialised = Files.exists(data.resolve("PG_VERSION"));
            boolean legacy = initialised && !owner.exists();
            if (legacy && !trustsAnyone(data)) {
                throw new IllegalStateException("embedded PostgreSQL in " + data + " requires passwords but " + owner.path()
                        + " is missing: restore it (and " + gatewayPasswordFile(data) + ") from where you keep backups");
            }
            String ownerPassword = owner.readOrCreate();
            String gatewayPassword = new SecretFile(gatewayPasswordFile(data)).readOrCreate();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    // the gateway stops the server itself, after the last event is stored
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // zonky's readiness probe logs in as postgres: with the password, under SCRAM (and trust, for an old directory)
                    .setConnectConfig("password", ownerPassword);
            if (!initialised) {
                // initdb's later --auth wins over zonky's "-A trust": the new cluster is never open, not even for a second
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", owner.path().toString());
            }
            if (legacy) {
                LOG.warn("embedded PostgreSQL in {} was made without passwords (trust authentication): upgrading it to "
                        + "SCRAM passwords kept in {}", data, secretsDir(data));
            }
            EmbeddedPostgres pg = builder.start();
            EmbeddedDatabase db = new EmbeddedDatabase(pg, ownerPassword, gatewayPassword);
            try {
                db.harden(data);
            } catch (SQLException | IOException | RuntimeException e) {
                db.close();
                throw new IllegalStateException("embedded PostgreSQL in " + data + " could not be secured: " + e.getMessage(), e);
            }
            LOG.info("embedded PostgreSQL running on 127.0.0.1:{} with data in {} (password authentication, secrets in {})",
                    pg.getPort(), data, secretsDir(data));
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + data + ": " + e.getMessage(), e);
        }
    }

    /** True when the directory's {@code pg_hba.conf} lets some connection in without a password (an older version's). */
    private static boolean trustsAnyone(Path data) throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.startsWith("#")).anyMatch(l -> l.matches(".*\\strust"));
    }

    /**
     * Sets both passwords to the stored ones (for an upgraded directory the superuser had none), makes
     * sure the gateway's role exists, and puts password-only authentication in force. SCRAM verifiers are
     * computed client-side ({@link PGConnection#alterUserPassword}), so no password ever travels in SQL
     * text that the server could log.
     */
    private void harden(Path data) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(ownerEndpoint().jdbcUrl(), OWNER, ownerPassword);
             Statement s = c.createStatement()) {
            PGConnection pgc = c.unwrap(PGConnection.class);
            pgc.alterUserPassword(OWNER, ownerPassword.toCharArray(), "scram-sha-256");
            s.execute(ENSURE_GATEWAY_ROLE);
            pgc.alterUserPassword(GATEWAY_ROLE, gatewayPassword.toCharArray(), "scram-sha-256");
            Path hba = data.resolve("pg_hba.conf");
            if (!PG_HBA.equals(Files.readString(hba, StandardCharsets.UTF_8))) {
                Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
                try (ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
                    rs.next();
                }
                LOG.info("embedded PostgreSQL: password authentication (SCRAM-SHA-256) now required for every connection");
            }
        }
    }

    /** The superuser, owner of the schema: for migrations and administration only. */
    public PgEndpoint endpoint() {
        return ownerEndpoint();
    }

    /** The superuser, owner of the schema: for migrations and administration only. */
    public PgEndpoint ownerEndpoint() {
        return new PgEndpoint("127.0.0.1", postgres.getPort(), DATABASE, OWNER, ownerPassword);
    }

    /** The gateway's own login role, with only the rights {@link GatewayRole} grants it. */
    public PgEndpoint gatewayEndpoint() {
        return new PgEndpoint("127.0.0.1", postgres.getPort(), DATABASE, GATEWAY_ROLE, gatewayPassword);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[" + ownerEndpoint() + "]";
    }
}
