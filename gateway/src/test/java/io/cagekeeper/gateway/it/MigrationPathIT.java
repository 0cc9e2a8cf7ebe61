package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.db.PgEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An upgrade from every earlier schema: the migrations applied one version at a time, an event stored
 * after each (and a person and a badge at the first), so that every migration runs over data written
 * at the schema before it. Afterwards every row is there as written, and the verifiable log's
 * migration (V16) has queued the events stored before it for logging in their order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationPathIT {

    private static final String EVENT = """
            INSERT INTO events (event_key, type, source, door_id, received_at, card, result, sentence)
            VALUES (?, 'ACCESS_GRANTED', 'reader:r1-in', 'd1', now(), '18:40211', 'GRANT', ?)
            """;

    private Backends backends;
    private final List<String> steps = new ArrayList<>();

    @BeforeAll
    void migrateOneVersionAtATimeWithDataInBetween() throws Exception {
        backends = Backends.start();
        PgEndpoint db = backends.db();
        MigrationInfo[] pending = flyway(db, MigrationVersion.LATEST).info().pending();
        assertThat(pending).hasSizeGreaterThan(1);
        for (MigrationInfo m : pending) {
            flyway(db, m.getVersion()).migrate();
            String version = m.getVersion().getVersion();
            steps.add(version);
            try (Connection c = connect(db)) {
                if (steps.size() == 1) {
                    exec(c, "INSERT INTO persons (id, name, type) VALUES ('p-alice', 'Alice Example', 'EMPLOYEE')");
                    exec(c, "INSERT INTO credentials (id, card, person_id, status, valid_from)"
                            + " VALUES ('c-alice', '18:40211', 'p-alice', 'ACTIVE', '2026-01-01T00:00:00Z')");
                }
                try (PreparedStatement s = c.prepareStatement(EVENT)) {
                    s.setString(1, "test:after-V" + version);
                    s.setString(2, "stored at schema V" + version);
                    s.executeUpdate();
                }
            }
        }
    }

    @AfterAll
    void drop() {
        if (backends != null) {
            backends.close();
        }
    }

    private static Flyway flyway(PgEndpoint db, MigrationVersion target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .target(target).loggers("slf4j").load();
    }

    @Test
    void everyVersionOnTheClassPathWasAppliedInTurnUpToTheNewest() {
        assertThat(steps.get(steps.size() - 1)).isEqualTo(Migrations.newestOnClassPath().getVersion());
        assertThat(steps).as("in ascending order").isSortedAccordingTo((a, b) ->
                MigrationVersion.fromVersion(a).compareTo(MigrationVersion.fromVersion(b)));
        // V8 is a Java migration (db.migration.V8__...); 14 and 15 are skipped numbers and stay so
        assertThat(steps).contains("8").doesNotContain("14", "15");
        assertThat(Migrations.migrate(backends.db())).isEqualTo(steps.get(steps.size() - 1));
    }

    @Test
    void everyEventStoredOnTheWayIsThereAsWritten() throws Exception {
        try (Connection c = connect(backends.db()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_key, sentence, card, result, flags FROM events ORDER BY id")) {
            List<String> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getString(1));
                String version = rs.getString(1).substring("test:after-V".length());
                assertThat(rs.getString(2)).isEqualTo("stored at schema V" + version);
                assertThat(rs.getString(3)).isEqualTo("18:40211");
                assertThat(rs.getString(4)).isEqualTo("GRANT");
                assertThat((String[]) rs.getArray(5).getArray()).isEmpty();
            }
            assertThat(keys).containsExactlyElementsOf(steps.stream().map(v -> "test:after-V" + v).toList());
        }
    }

    @Test
    void thePersonAndTheBadgeOfTheFirstSchemaSurviveEveryMigration() throws Exception {
        try (Connection c = connect(backends.db()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.name, p.type, c.card, c.status FROM persons p JOIN credentials c ON c.person_id = p.id"
                     + " WHERE p.id = 'p-alice'")) {
            assertThat(rs.next()).isTrue();
            assertThat(Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .containsExactly("Alice Example", "EMPLOYEE", "18:40211", "ACTIVE");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void theVerifiableLogQueuesEveryEventInIdOrderThoseFromBeforeItsMigrationIncluded() throws Exception {
        try (Connection c = connect(backends.db()); Statement s = c.createStatement()) {
            List<Long> queued = longs(s, "SELECT row_id FROM tlog_inbox WHERE kind = 'event' ORDER BY seq");
            List<Long> events = longs(s, "SELECT id FROM events ORDER BY id");
            assertThat(queued).isEqualTo(events).hasSize(steps.size());
        }
    }

    private static List<Long> longs(Statement s, String query) throws Exception {
        List<Long> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static Connection connect(PgEndpoint db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
