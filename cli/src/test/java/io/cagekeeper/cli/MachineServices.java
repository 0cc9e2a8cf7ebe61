package io.cagekeeper.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The machine's own services as the external-pass integration tests use them: the PostgreSQL that
 * {@code .ci/run} starts on 127.0.0.1:5432 (its superuser, trust on loopback) and free ports for what the
 * tests start themselves.
 */
final class MachineServices {

    private MachineServices() {
    }

    /** Runs {@code statement} in {@code database} as the machine's PostgreSQL superuser. */
    static void sql(String database, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** A port nothing listens on now (the kernel's pick), for a process started with it next. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
