package io.cagekeeper.gateway.it;

import io.cagekeeper.gateway.db.EmbeddedDatabase;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.mqtt.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The real PostgreSQL and MQTT broker an integration test runs against. By default both are
 * embedded (zonky and Moquette, on ephemeral ports); with {@code -Dcagekeeper.it.backend=external}
 * they are the machine's PostgreSQL on 127.0.0.1:5432 (a fresh database per test class, dropped
 * afterwards) and Mosquitto on 127.0.0.1:1883 (a unique site name per test keeps tests apart).
 */
public final class Backends implements AutoCloseable {

    public static final String PROPERTY = "cagekeeper.it.backend";
    /** The gateway's user name on an embedded test broker. */
    static final String GATEWAY_USER = "it-gateway";

    private final boolean external;
    private final PgEndpoint admin;
    private final EmbeddedBroker embeddedBroker;
    private final PgEndpoint db;
    private final PgEndpoint gatewayDb;
    private final String brokerUri;
    private final Path dir;

    private Backends(boolean external, PgEndpoint admin, EmbeddedBroker embeddedBroker, PgEndpoint db, PgEndpoint gatewayDb,
                     String brokerUri, Path dir) {
        this.external = external;
        this.admin = admin;
        this.embeddedBroker = embeddedBroker;
        this.db = db;
        this.gatewayDb = gatewayDb;
        this.brokerUri = brokerUri;
        this.dir = dir;
    }

    public static boolean external() {
        return "external".equals(System.getProperty(PROPERTY, "embedded"));
    }

    /**
     * The embedded PostgreSQL is started once per test JVM and shared, each test class getting its
     * own database; each class gets its own embedded broker.
     */
    private static EmbeddedDatabase sharedDb;

    private static synchronized void startShared(Path dir) {
        if (sharedDb == null) {
            sharedDb = EmbeddedDatabase.start(dir.resolve("pg"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> sharedDb.close()));
            System.out.println("[it] embedded PostgreSQL " + sharedDb.endpoint());
        }
    }

    public static Backends start() {
        try {
            Path dir = Files.createTempDirectory("cagekeeper-it");
            String name = "ck_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            if (external()) {
                PgEndpoint admin = new PgEndpoint("127.0.0.1", 5432, "postgres", "postgres", "");
                exec(admin, "CREATE DATABASE " + name);
                System.out.println("[it] external PostgreSQL 127.0.0.1:5432 database " + name + ", Mosquitto tcp://127.0.0.1:1883");
                PgEndpoint db = new PgEndpoint("127.0.0.1", 5432, name, "postgres", "");
                return new Backends(true, admin, null, db, db, "tcp://127.0.0.1:1883", dir);
            }
            startShared(dir);
            PgEndpoint admin = sharedDb.endpoint();
            exec(admin, "CREATE DATABASE " + name);
            // a fresh broker per test class: no session of an earlier class's reader (same client ids) survives
            // anonymous clients allowed, as on CI's Mosquitto (tests publish with their own clients), but the gateway logs in
            EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", freePort(), null,
                    new EmbeddedBroker.Access("cage", null, GATEWAY_USER, dir.resolve("broker-secrets"), true));
            System.out.println("[it] embedded Moquette " + broker.uri() + ", database " + name);
            PgEndpoint gateway = sharedDb.gatewayEndpoint();
            return new Backends(false, admin, broker,
                    new PgEndpoint(admin.host(), admin.port(), name, admin.user(), admin.password()),
                    new PgEndpoint(gateway.host(), gateway.port(), name, gateway.user(), gateway.password()), broker.uri(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema owner (superuser): what tests read and edit the database as. */
    public PgEndpoint db() {
        return db;
    }

    /**
     * The role a gateway under test connects as: embedded, the restricted {@code cagekeeper_gateway}
     * (so every IT runs with the rights the gateway really has); external, the one trust-auth user.
     */
    public PgEndpoint gatewayDb() {
        return gatewayDb;
    }

    public String brokerUri() {
        return brokerUri;
    }

    /** The gateway's broker settings ({@code mqtt.username}, {@code mqtt.password}): none on an external (anonymous) broker. */
    public Map<String, String> gatewayMqttLogin() {
        return embeddedBroker == null ? Map.of()
                : Map.of("mqtt.username", GATEWAY_USER, "mqtt.password", embeddedBroker.gatewayPassword());
    }

    /** The embedded test broker, or null on an external one. */
    public EmbeddedBroker embeddedBroker() {
        return embeddedBroker;
    }

    public Path dir() {
        return dir;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void exec(PgEndpoint endpoint, String sql) {
        try (Connection c = DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** Drops this class's database and stops its embedded broker; the shared PostgreSQL stops with the JVM. */
    @Override
    public void close() {
        exec(admin, "DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
        if (embeddedBroker != null) {
            embeddedBroker.close();
        }
    }
}
