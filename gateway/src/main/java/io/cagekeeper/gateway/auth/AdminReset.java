package io.cagekeeper.gateway.auth;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.EmbeddedDatabase;
import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.db.PgEndpoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admin reset}: for a site whose administrator password is lost. Run on the server, with the
 * gateway's configuration (and, for the embedded database, with the gateway stopped): the login
 * (default {@code admin}) gets a new one-time password, printed once, is enabled, holds the admin
 * role, and loses its sessions; the user is created when missing. It needs the database's owner
 * account, not the API: whoever can run it could rewrite the database anyway. The reset is written
 * to the audit trail as {@code system:admin-reset}.
 */
@Command(name = "admin-reset", mixinStandardHelpOptions = true,
        description = "Gives an administrator a new one-time password (printed once); creates the user when missing.")
public final class AdminReset implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "the gateway's configuration file (default: cagekeeper.properties if present)")
    Path config;

    @Option(names = {"-l", "--login"}, description = "the administrator's login (default: ${DEFAULT-VALUE})", defaultValue = FirstAdmin.LOGIN)
    String login;

    private static final String FIND = "SELECT id FROM users WHERE login = ?";
    private static final String INSERT = """
            INSERT INTO users (login, display_name, password_hash, must_change_password, created_by)
            VALUES (?, 'Administrator', ?, true, 'system:admin-reset') RETURNING id
            """;
    private static final String RESET = """
            UPDATE users SET password_hash = ?, must_change_password = true, disabled_at = NULL, disabled_by = NULL WHERE id = ?
            """;
    private static final String ADMIN_ROLE = "INSERT INTO user_roles (user_id, role) VALUES (?, 'admin') ON CONFLICT DO NOTHING";
    private static final String END_SESSIONS = "DELETE FROM sessions WHERE user_id = ?";
    private static final String AUDIT = """
            INSERT INTO audit_trail (actor, action, resource, resource_id, outcome, status, detail)
            VALUES ('system:admin-reset', 'resetUserPassword', 'users', ?, 'DONE', 200, 'administrator password reset from the command line')
            """;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AdminReset()).execute(args));
    }

    @Override
    public Integer call() {
        String user = UserStore.fold(login);
        if (!user.matches("[a-z0-9][a-z0-9._@-]{0,63}")) {
            System.err.println("cagekeeper admin-reset: '" + login + "' is not a valid login");
            return 2;
        }
        GatewayConfig cfg;
        try {
            Path file = config != null ? config : Path.of("cagekeeper.properties");
            cfg = ConfigLoader.load(config != null || file.toFile().exists() ? file : null, System.getenv());
        } catch (ConfigException e) {
            System.err.println("cagekeeper admin-reset: configuration error: " + e.getMessage());
            return 2;
        }
        EmbeddedDatabase embedded = null;
        try {
            PgEndpoint owner;
            if (cfg.database().mode() == GatewayConfig.DbMode.EMBEDDED) {
                embedded = EmbeddedDatabase.start(cfg.database().dataDir());
                owner = embedded.ownerEndpoint();
            } else {
                owner = io.cagekeeper.gateway.db.OwnerDatabase.externalOwner(cfg.database());
            }
            Migrations.migrate(owner);
            String password = Secrets.newPassword();
            reset(owner, user, Passwords.hashNow(password));
            System.out.println(FirstAdmin.banner(password).replace("First start: administrator", "Reset: administrator")
                    .replace("' created.", "' has a new password."));
            return 0;
        } catch (ConfigException e) { // say, db.mode embedded where no embedded PostgreSQL is installed
            System.err.println("cagekeeper admin-reset: configuration error: " + e.getMessage());
            return 2;
        } catch (SQLException | RuntimeException e) {
            System.err.println("cagekeeper admin-reset: " + e.getMessage()
                    + (embedded == null && cfg.database().mode() == GatewayConfig.DbMode.EMBEDDED
                    ? " (stop the gateway first: the embedded database can be opened by one process at a time)" : ""));
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Resets (or creates) the login as an enabled admin with {@code hash}, in one transaction. */
    public static void reset(PgEndpoint owner, String login, String hash) throws SQLException {
        try (Connection c = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password())) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement find = c.prepareStatement(FIND)) {
                find.setString(1, login);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                        try (PreparedStatement reset = c.prepareStatement(RESET)) {
                            reset.setString(1, hash);
                            reset.setLong(2, id);
                            reset.executeUpdate();
                        }
                    } else {
                        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                            insert.setString(1, login);
                            insert.setString(2, hash);
                            try (ResultSet r = insert.executeQuery()) {
                                r.next();
                                id = r.getLong(1);
                            }
                        }
                    }
                }
            }
            for (String sql : new String[] {ADMIN_ROLE, END_SESSIONS, AUDIT}) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    if (sql.equals(AUDIT)) {
                        s.setString(1, Long.toString(id));
                    } else {
                        s.setLong(1, id);
                    }
                    s.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
