package io.cagekeeper.gateway.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL server (zonky) for a machine with nothing installed. Unlike zonky's test
 * defaults it keeps its data directory and runs with fsync and synchronous commit on: the event log
 * lives here, and an event the gateway has acknowledged must survive a crash or power loss.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts (initialising on first use) the server whose data lives in {@code dataDir}. Blocking. */
    public static EmbeddedDatabase start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    // the gateway stops the server itself, after the last event is stored
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            LOG.info("embedded PostgreSQL running on 127.0.0.1:{} with data in {}", pg.getPort(), dataDir.toAbsolutePath());
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public PgEndpoint endpoint() {
        return new PgEndpoint("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
