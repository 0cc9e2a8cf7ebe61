package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.db.PgEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A database a newer gateway has migrated (a rollback of the binaries): this gateway refuses to start
 * on it, saying both versions, and leaves the schema as it found it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaNewerThanGatewayIT {

    private static final String FUTURE_ROW = """
            INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                               installed_by, execution_time, success)
            SELECT max(installed_rank) + 1, '999', 'from a newer gateway', 'SQL', 'V999__from_a_newer_gateway.sql', 0,
                   'test', 0, true FROM flyway_schema_history
            """;

    private Backends backends;
    private Path dir;

    @BeforeAll
    void aDatabaseMigratedByANewerGateway() throws Exception {
        backends = Backends.start();
        dir = Files.createTempDirectory("cagekeeper-schema-it");
        Migrations.migrate(backends.db());
        try (Connection c = connect(backends.db()); Statement s = c.createStatement()) {
            s.executeUpdate(FUTURE_ROW);
        }
    }

    @AfterAll
    void dropTheDatabase() {
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void theGatewayRefusesToStartNamingBothVersions() throws Exception {
        long before = historyRows();
        Map<String, String> cfg = new HashMap<>(Map.of("http.port", "0", "journal.dir", dir.resolve("journal").toString(),
                "db.mode", "external", "db.host", backends.db().host(), "db.port", Integer.toString(backends.db().port()),
                "db.database", backends.db().database(), "db.user", backends.gatewayDb().user(),
                "db.password", backends.gatewayDb().password(), "db.migrationUser", backends.db().user(),
                "db.migrationPassword", backends.db().password()));
        cfg.putAll(Map.of("mqtt.mode", "external", "mqtt.uri", backends.brokerUri(), "mqtt.site", "schema-it"));
        cfg.putAll(backends.gatewayMqttLogin());

        assertThatThrownBy(() -> new RunningGateway(cfg).close())
                .rootCause()
                .isInstanceOf(Migrations.SchemaTooNewException.class)
                .hasMessage("database schema V999 is newer than this gateway (V" + Migrations.newestOnClassPath()
                        + "): upgrade the gateway");
        assertThat(historyRows()).isEqualTo(before);
    }

    @Test
    void migratingByHandIsRefusedToo() {
        assertThatThrownBy(() -> Migrations.migrate(backends.db()))
                .isInstanceOf(Migrations.SchemaTooNewException.class)
                .hasMessageStartingWith("database schema V999 is newer than this gateway");
    }

    private long historyRows() throws Exception {
        try (Connection c = connect(backends.db()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(PgEndpoint db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
