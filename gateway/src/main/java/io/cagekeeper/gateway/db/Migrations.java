package io.cagekeeper.gateway.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned schema in {@code db/migration} (Flyway). The gateway owns the schema;
 * reconciliation only reads it. Blocking: call off the event loop.
 */
public final class Migrations {

    private Migrations() {
    }

    /** Brings the database up to the newest schema version and returns that version. */
    public static String migrate(PgEndpoint endpoint) {
        MigrateResult result = Flyway.configure()
                .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
        return result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
    }
}
