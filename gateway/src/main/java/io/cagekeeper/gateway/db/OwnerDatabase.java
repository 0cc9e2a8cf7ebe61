package io.cagekeeper.gateway.db;

import io.cagekeeper.gateway.config.GatewayConfig;

/**
 * The configured database as its schema owner sees it, for command-line tools run on the server
 * ({@code cagekeeper migrate}): the embedded server started here (so the gateway must be stopped: its
 * data directory is one process's at a time) and stopped on {@link #close()}, or the external server
 * the configuration names, as {@code db.migrationUser} when set and {@code db.user} otherwise.
 */
public final class OwnerDatabase implements AutoCloseable {

    private final EmbeddedDatabase embedded;
    private final PgEndpoint endpoint;

    private OwnerDatabase(EmbeddedDatabase embedded, PgEndpoint endpoint) {
        this.embedded = embedded;
        this.endpoint = endpoint;
    }

    /** Opens (for the embedded mode: starts) the database {@code d} configures. Blocking. */
    public static OwnerDatabase open(GatewayConfig.Database d) {
        if (d.mode() == GatewayConfig.DbMode.EMBEDDED) {
            EmbeddedDatabase db = EmbeddedDatabase.start(d.dataDir());
            return new OwnerDatabase(db, db.ownerEndpoint());
        }
        return new OwnerDatabase(null, externalOwner(d));
    }

    /** The external server's owner account: {@code db.migrationUser} when set, else the gateway's own {@code db.user}. */
    public static PgEndpoint externalOwner(GatewayConfig.Database d) {
        return d.migrationUser() == null ? new PgEndpoint(d.host(), d.port(), d.database(), d.user(), d.password())
                : new PgEndpoint(d.host(), d.port(), d.database(), d.migrationUser(), d.migrationPassword());
    }

    public PgEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
