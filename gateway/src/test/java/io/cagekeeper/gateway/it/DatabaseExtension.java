package io.cagekeeper.gateway.it;

import io.cagekeeper.gateway.db.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh migrated database and a Vert.x pool on it, for tests that drive a store without a whole
 * gateway: {@code @RegisterExtension static final DatabaseExtension db = new DatabaseExtension();}.
 */
public final class DatabaseExtension implements BeforeAllCallback, AfterAllCallback {

    private Backends backends;
    private Vertx vertx;
    private Pool pool;

    @Override
    public void beforeAll(ExtensionContext context) {
        backends = Backends.start();
        Migrations.migrate(backends.db());
        vertx = Vertx.vertx();
        var db = backends.db();
        pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port())
                .setDatabase(db.database()).setUser(db.user()).setPassword(db.password())).using(vertx).build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (pool != null) {
            pool.close().await(10, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (backends != null) {
            backends.close();
        }
    }

    public Backends backends() {
        return backends;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }
}
