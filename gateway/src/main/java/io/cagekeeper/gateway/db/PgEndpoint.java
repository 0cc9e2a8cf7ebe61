package io.cagekeeper.gateway.db;

/** Where a PostgreSQL server answers. The password is never printed. */
public record PgEndpoint(String host, int port, String database, String user, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
