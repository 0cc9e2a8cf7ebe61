package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.policy.PolicyDataCodec;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.pin.PinHasher;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Policy versions archived before the archive stopped keeping PIN hashes: the migration takes the
 * hashes out of the stored rows, and an intact row stays replayable (its stored hash is that of its
 * new content) while a row edited beforehand stays visibly edited.
 */
class ArchiveMigrationIT {

    @Test
    void theMigrationTakesThePinHashesOutOfVersionsArchivedBeforeItAndKeepsIntactOnesReplayable() throws Exception {
        try (Backends backends = Backends.start()) {
            PgEndpoint db = backends.db();
            Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                    .target("5").loggers("slf4j").load().migrate();
            PolicyData data = policyWithAPin();
            try (Connection c = connect(db); PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO policy_snapshots (version, content_hash, activated_at, data) VALUES (?, ?, now(), ?)")) {
                insert.setLong(1, 1);
                insert.setString(2, PolicySnapshot.compile(1, data).contentHash());
                insert.setString(3, PolicyDataCodec.encode(data));
                insert.executeUpdate();
                insert.setLong(1, 2);
                insert.setString(2, "edited");
                insert.setString(3, PolicyDataCodec.encode(data));
                insert.executeUpdate();
            }
            assertThat(rows(db).get(1L)[1]).contains("$argon2");

            Migrations.migrate(db);

            Map<Long, String[]> after = rows(db);
            assertThat(after.get(1L)[1]).doesNotContain("$argon2").contains(SnapshotArchive.PIN_SET);
            assertThat(after.get(2L)[1]).doesNotContain("$argon2");
            assertThat(after.get(1L)[0]).as("an intact version still matches its stored hash")
                    .isEqualTo(PolicySnapshot.compile(1, PolicyDataCodec.decode(after.get(1L)[1])).contentHash());
            assertThat(after.get(2L)[0]).as("an edited version stays edited").isEqualTo("edited");
        }
    }

    private static PolicyData policyWithAPin() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        String pinHash = new PinHasher().hash("4711", new SecureRandom());
        return new PolicyData(new Site("dc1", "Site", ZoneOffset.UTC), List.of(new Zone("hall", "Hall", null)),
                List.of(new Door("d1", "Door", "hall", "hall", null)), List.of(new Reader("r1", "d1", ReaderSide.ENTRY)),
                List.of(new Person("p1", "Alice", PersonType.EMPLOYEE, null)),
                List.of(new Credential("c1", CardNumber.h10301(18, 40211), "p1", CredentialStatus.ACTIVE, from, null, null, null,
                        pinHash)),
                List.of(Schedule.always("always")), List.of(new AccessLevel("all", "All", List.of(new DoorSchedule("d1", "always")))),
                List.of(new Grant("g1", "p1", "all", from, null, "desk")));
    }

    private static Map<Long, String[]> rows(PgEndpoint db) throws Exception {
        Map<Long, String[]> out = new HashMap<>();
        try (Connection c = connect(db);
             ResultSet rs = c.createStatement().executeQuery("SELECT version, content_hash, data FROM policy_snapshots")) {
            while (rs.next()) {
                out.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }

    private static Connection connect(PgEndpoint db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
