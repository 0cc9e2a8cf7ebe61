package io.cagekeeper.gateway.tlog;

import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.it.DatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** JDBC on a test database, as the schema owner: the log's tests tamper and look with it. */
final class Sql {

    private Sql() {
    }

    static Connection connect(DatabaseExtension db) throws SQLException {
        PgEndpoint e = db.backends().db();
        return DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password());
    }

    static void exec(DatabaseExtension db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
