package io.cagekeeper.gateway.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned schema in {@code db/migration} (Flyway). The gateway owns the schema;
 * reconciliation only reads it. Blocking: call off the event loop.
 *
 * <p>Migrations run forward only. A database already migrated by a newer gateway (after a rollback of
 * the binaries, say) is refused before anything is touched: this gateway's code does not know the
 * newer schema's rules, and Flyway on its own would carry on and ignore the "future" migrations.
 */
public final class Migrations {

    static final String LOCATION = "db/migration";
    /** A versioned migration: SQL ({@code V16__verifiable_log.sql}) or Java ({@code V8__Archived_policy_without_pin_hashes.class}). */
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^$]+\\.(sql|class)");

    private Migrations() {
    }

    /** A database whose schema is newer than the migrations this gateway carries. */
    public static final class SchemaTooNewException extends IllegalStateException {
        SchemaTooNewException(String message) {
            super(message);
        }
    }

    /**
     * Brings the database up to the newest schema version and returns that version; refuses
     * ({@link SchemaTooNewException}) a database whose applied schema is newer than this gateway's.
     */
    public static String migrate(PgEndpoint endpoint) {
        Flyway flyway = Flyway.configure()
                .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
                .locations("classpath:" + LOCATION)
                .loggers("slf4j")
                .load();
        MigrationInfo current = flyway.info().current();
        if (current != null && current.getVersion() != null) {
            refuseNewer(current.getVersion(), newestOnClassPath());
        }
        MigrateResult result = flyway.migrate();
        return result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
    }

    /** Throws {@link SchemaTooNewException} when {@code applied} is newer than {@code newest}, the newest this gateway knows. */
    static void refuseNewer(MigrationVersion applied, MigrationVersion newest) {
        if (applied.isNewerThan(newest)) {
            throw new SchemaTooNewException("database schema V" + applied + " is newer than this gateway (V" + newest
                    + "): upgrade the gateway");
        }
    }

    /** The newest schema version among {@code fileNames} ({@code V<n>__<name>.sql} or {@code .class}; others are ignored), or EMPTY. */
    static MigrationVersion newest(Collection<String> fileNames) {
        return fileNames.stream()
                .map(VERSIONED::matcher)
                .filter(Matcher::matches)
                .map(m -> MigrationVersion.fromVersion(m.group(1)))
                .max(Comparator.naturalOrder())
                .orElse(MigrationVersion.EMPTY);
    }

    /** The newest schema version this gateway carries (what {@code cagekeeper version} reports), read from its class path. */
    public static MigrationVersion newestOnClassPath() {
        URL url = Migrations.class.getClassLoader().getResource(LOCATION);
        if (url == null) {
            throw new IllegalStateException("no " + LOCATION + " on the class path");
        }
        try {
            List<String> names = new ArrayList<>();
            if (url.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(LOCATION + "/"))
                            .forEach(n -> names.add(n.substring(LOCATION.length() + 1)));
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.forEach(f -> names.add(f.getFileName().toString()));
                }
            }
            return newest(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
