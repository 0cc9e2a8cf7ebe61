package io.cagekeeper.gateway.bench;

import io.cagekeeper.gateway.db.PgEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust auth, user postgres), dropped at
 * the end, as in the external pass of the integration tests: the benchmark measures the real server
 * with fsync and synchronous commit as the machine has them, and leaves nothing behind.
 */
final class ScratchDatabase implements AutoCloseable {

    private static final PgEndpoint ADMIN = new PgEndpoint("127.0.0.1", 5432, "postgres", "postgres", "");

    private final PgEndpoint endpoint;
    private boolean dropped;

    private ScratchDatabase(PgEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    static ScratchDatabase create() {
        String name = "ck_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec("CREATE DATABASE " + name);
        return new ScratchDatabase(new PgEndpoint("127.0.0.1", 5432, name, "postgres", ""));
    }

    /**
     * A database an earlier run kept ({@code -Dbench.keepDatabase=true}, or a run stopped before its end),
     * used as it is and kept again: a 10M-event log is not loaded twice to measure its proofs again.
     */
    static ScratchDatabase existing(String name) {
        ScratchDatabase db = new ScratchDatabase(new PgEndpoint("127.0.0.1", 5432, name, "postgres", ""));
        db.dropped = true;
        return db;
    }

    PgEndpoint endpoint() {
        return endpoint;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
    }

    @Override
    public synchronized void close() {
        if (!dropped) {
            dropped = true;
            if (Boolean.getBoolean("bench.keepDatabase")) { // -Dbench.keepDatabase=true: kept to look at its plans (EXPLAIN)
                System.out.println("kept database " + endpoint.database() + " (drop it when done)");
                return;
            }
            exec("DROP DATABASE IF EXISTS " + endpoint.database() + " WITH (FORCE)");
        }
    }

    private static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN.jdbcUrl(), ADMIN.user(), ADMIN.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + ADMIN.host() + ":" + ADMIN.port() + ": " + e.getMessage(), e);
        }
    }
}
