package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.db.EmbeddedDatabase;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.db.SecretFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The attacks of a local shell on the embedded PostgreSQL of a running gateway: logging in without the
 * password (zonky's default is a superuser with none and trust for everyone), and rewriting the event
 * log with the gateway's own database account. Also: the passwords are in owner-only files that a
 * restart reuses, never in the logs, and a data directory from before passwords is upgraded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedDatabaseSecurityIT {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;
    private Path dir;
    private Path data;
    private RunningGateway running;
    private Gateway gateway;

    @BeforeAll
    void startGatewayOnItsEmbeddedDatabase() throws Exception {
        rootLevel = root.getLevel();
        root.setLevel(Level.INFO);
        logs.start();
        root.addAppender(logs);
        dir = Files.createTempDirectory("cagekeeper-db-it");
        data = dir.resolve("postgres");
        running = new RunningGateway(Map.of("http.port", "0", "db.mode", "embedded", "db.dataDir", data.toString(),
                "mqtt.mode", "embedded", "journal.dir", dir.resolve("journal").toString()));
        gateway = running.gateway;
    }

    @AfterAll
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    @Test
    void aLocalProcessWithoutThePasswordCannotLogIn() throws Exception {
        String url = gateway.database().jdbcUrl();
        for (String user : List.of("postgres", EmbeddedDatabase.GATEWAY_ROLE)) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, "").close())
                    .as("no password as " + user).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, "guessed").close())
                    .as("a wrong password as " + user).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }
        // the Unix socket too: no line of the server's authentication file trusts anyone
        assertThat(Files.readAllLines(data.resolve("pg_hba.conf")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).endsWith("scram-sha-256"));
    }

    @Test
    void theGatewaysRoleMayInsertAndSelectEventsButNeitherUpdateNorDeleteThem() throws Exception {
        PgEndpoint role = gateway.database();
        assertThat(role.user()).isEqualTo(EmbeddedDatabase.GATEWAY_ROLE);
        try (Connection c = DriverManager.getConnection(role.jdbcUrl(), role.user(), role.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO events (event_key, type, source, received_at) VALUES ('it:forged', 'ACCESS_GRANTED', 'it', now())");
            try (var rs = s.executeQuery("SELECT count(*) FROM events WHERE event_key = 'it:forged'")) {
                assertThat(rs.next() && rs.getInt(1) == 1).isTrue();
            }
            for (String attack : List.of(
                    "UPDATE events SET type = 'ACCESS_DENIED' WHERE event_key = 'it:forged'",
                    "DELETE FROM events WHERE event_key = 'it:forged'",
                    "TRUNCATE events",
                    "UPDATE decision_records SET decision = '{}'",
                    "DELETE FROM decision_records",
                    "UPDATE policy_changes SET summary = 'nothing happened'",
                    "DELETE FROM policy_snapshots",
                    // forgetting a claim would let a captured credential be decided again
                    "DELETE FROM reader_messages",
                    "UPDATE reader_messages SET in_sequence = false",
                    "UPDATE quarantined_events SET content = ''",
                    "DELETE FROM quarantined_events",
                    "DELETE FROM flyway_schema_history",
                    "CREATE TABLE events_copy (id int)")) {
                assertThatThrownBy(() -> s.execute(attack)).as(attack).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
                        .hasMessageContaining("permission denied");
            }
            // what the gateway does by design still works
            s.execute("UPDATE alarms SET occurrences = occurrences WHERE false");
            s.execute("UPDATE engine_state SET lines = lines WHERE false");
            s.execute("UPDATE reader_clocks SET samples_ms = samples_ms WHERE false");
            s.execute("UPDATE quarantined_events SET resolved_by = resolved_by WHERE false");
        }
    }

    @Test
    void thePasswordsLiveInOwnerOnlyFilesBesideTheDataDirectory() throws Exception {
        Path secrets = EmbeddedDatabase.secretsDir(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
        for (Path f : List.of(EmbeddedDatabase.ownerPasswordFile(data), EmbeddedDatabase.gatewayPasswordFile(data))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
            assertThat(Files.readString(f).strip()).hasSizeGreaterThanOrEqualTo(43);
        }
        assertThat(Files.readString(EmbeddedDatabase.ownerPasswordFile(data)))
                .isNotEqualTo(Files.readString(EmbeddedDatabase.gatewayPasswordFile(data)));
    }

    @Test
    void neitherPasswordAppearsInTheLogsOrInTheDescriptionsOfTheSettings() throws Exception {
        List<String> passwords = List.of(new SecretFile(EmbeddedDatabase.ownerPasswordFile(data)).read(),
                new SecretFile(EmbeddedDatabase.gatewayPasswordFile(data)).read());
        assertThat(logs.list).isNotEmpty();
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
        }
        lines.add(gateway.database().toString());
        for (String p : passwords) {
            assertThat(lines).noneMatch(l -> l.contains(p));
        }
    }

    @Test
    void aDataDirectoryMadeBeforePasswordsIsUpgradedAndARestartKeepsItsPasswords() throws Exception {
        Path old = dir.resolve("old-postgres");
        // what the previous version did: zonky's superuser without a password, trust for every connection
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(old).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
             Connection c = legacy.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from before')");
        }
        String password;
        try (EmbeddedDatabase upgraded = EmbeddedDatabase.start(old)) {
            PgEndpoint owner = upgraded.ownerEndpoint();
            assertThatThrownBy(() -> DriverManager.getConnection(owner.jdbcUrl(), "postgres", "").close()).isInstanceOf(SQLException.class);
            password = owner.password();
            assertThat(new SecretFile(EmbeddedDatabase.ownerPasswordFile(old)).read()).isEqualTo(password);
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(old);
             Connection c = DriverManager.getConnection(again.ownerEndpoint().jdbcUrl(), "postgres", password);
             Statement s = c.createStatement(); var rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next() && rs.getString(1).equals("from before")).isTrue();
            assertThatThrownBy(() -> DriverManager.getConnection(again.ownerEndpoint().jdbcUrl(), "postgres", "").close())
                    .isInstanceOf(SQLException.class);
        }
    }
}
