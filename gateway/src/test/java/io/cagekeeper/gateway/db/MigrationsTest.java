package io.cagekeeper.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    private static MigrationVersion v(String version) {
        return MigrationVersion.fromVersion(version);
    }

    @Test
    void aSchemaNewerThanTheGatewayIsRefusedNamingBothVersions() {
        assertThatThrownBy(() -> Migrations.refuseNewer(v("17"), v("16")))
                .isInstanceOf(Migrations.SchemaTooNewException.class)
                .hasMessage("database schema V17 is newer than this gateway (V16): upgrade the gateway");
    }

    @Test
    void theSameOrAnOlderSchemaIsMigratedForward() {
        assertThatCode(() -> Migrations.refuseNewer(v("16"), v("16"))).doesNotThrowAnyException();
        assertThatCode(() -> Migrations.refuseNewer(v("9"), v("16"))).doesNotThrowAnyException();
    }

    @Test
    void versionsCompareAsNumbersNotAsText() {
        assertThat(Migrations.newest(List.of("V9__a.sql", "V10__b.sql", "V2__c.sql"))).isEqualTo(v("10"));
        assertThatThrownBy(() -> Migrations.refuseNewer(v("10"), v("9"))).isInstanceOf(Migrations.SchemaTooNewException.class);
        assertThatCode(() -> Migrations.refuseNewer(v("9"), v("10"))).doesNotThrowAnyException();
    }

    @Test
    void onlyVersionedMigrationFilesCount() {
        assertThat(Migrations.newest(List.of("V3__x.sql", "R__repeatable.sql", "V99_missing_separator.sql", "V40__notes.txt")))
                .isEqualTo(v("3"));
        assertThat(Migrations.newest(List.of())).isEqualTo(MigrationVersion.EMPTY);
        assertThat(Migrations.newest(List.of("V3__x.sql", "V8__Java_migration.class", "V9__Java_migration$1.class")))
                .as("Java migrations count, their inner classes do not").isEqualTo(v("8"));
    }

    @Test
    void theNewestOnTheClassPathIsTheNewestFileInTheSources() throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            names = files.map(f -> f.getFileName().toString()).toList();
        }
        assertThat(Migrations.newestOnClassPath()).isEqualTo(Migrations.newest(names)).isNotEqualTo(MigrationVersion.EMPTY);
    }
}
