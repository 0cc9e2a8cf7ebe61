package io.cagekeeper.gateway.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.cagekeeper.gateway.db.SecretFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette (MQTT 3.1.1) for a machine with no broker installed. Sessions and queued QoS 1 messages
 * persist in {@code dataDir} so a broker restart loses nothing; Nagle is off and writes are flushed
 * at once, because every badge waits on a round trip through here.
 *
 * <p>The store holds raw payloads (PINs typed at readers included) until they are delivered, so its
 * directory is 0700 and its files 0600 (an older, world-readable store is tightened at start). Clients
 * log in: the gateway and each reader with a generated password ({@link BrokerCredentials}), and
 * {@link BrokerTopicPolicy} confines each to its topics, so a local process without a password can
 * neither forge a credential nor read one. Anonymous clients only with {@link Access#allowAnonymous()}.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final FileAttribute<?> PRIVATE_DIR = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** Moquette's H2 store file name in 0.17 (it creates the file when absent: created 0600 here first). */
    private static final String STORE_FILE = "moquette_store.h2";

    /**
     * Who may connect. {@code secretsDir} keeps the generated passwords (0700, files 0600); the ACL pins
     * topics to {@code prefix/site} ({@code site} null: any site, for test brokers shared by several
     * gateways). {@code allowAnonymous} lets clients without a user name in with unrestricted topics, as
     * before passwords existed: for trusted test rigs only.
     */
    public record Access(String prefix, String site, String gatewayUser, Path secretsDir, boolean allowAnonymous) {
        public Access {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(gatewayUser, "gatewayUser");
            Objects.requireNonNull(secretsDir, "secretsDir");
        }
    }

    private final Server server;
    private final String host;
    private final int port;
    private final BrokerCredentials credentials;
    private final Path dataDir;

    private EmbeddedBroker(Server server, String host, int port, BrokerCredentials credentials, Path dataDir) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.credentials = credentials;
        this.dataDir = dataDir;
    }

    /**
     * Starts on {@code host:port} and returns once the port accepts connections (Moquette's own
     * start returns before that). Port 0 is refused by Moquette: pick a free port first.
     */
    public static EmbeddedBroker start(String host, int port, Path dataDir, Access access) {
        io.cagekeeper.gateway.db.EmbeddedSupport.requireBroker();
        if (port <= 0) {
            throw new IllegalArgumentException("Moquette needs an explicit port");
        }
        BrokerCredentials credentials = new BrokerCredentials(access.secretsDir(), access.gatewayUser());
        credentials.gatewayPassword(); // generated now, so the file exists before anyone needs it
        if (access.allowAnonymous()) {
            LOG.warn("embedded MQTT broker accepts anonymous clients with access to every topic (mqtt.embeddedAllowAnonymous): "
                    + "any process that reaches {}:{} can forge credentials and read indications", host, port);
        }
        if (!isLoopback(host)) {
            LOG.warn("embedded MQTT broker listens on {} (mqtt.embeddedHost), not loopback only: reachable from the network, "
                    + "without TLS", host);
        }
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", Boolean.toString(access.allowAnonymous()));
        // Moquette 0.17 otherwise posts telemetry to its makers at start (and writes a .moquette_uuid to the store)
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("netty.tcp_nodelay", "true");
        p.setProperty("immediate_buffer_flush", "true");
        p.setProperty("netty.mqtt.message_size", "65536");
        if (dataDir != null) {
            try {
                privateStore(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create broker data directory " + dataDir, e);
            }
            p.setProperty("persistence_enabled", "true");
            p.setProperty("data_path", dataDir.toAbsolutePath().toString());
        } else {
            p.setProperty("persistence_enabled", "false");
            try {
                // Moquette writes an id file under data_path even without persistence: keep it out of the working directory
                p.setProperty("data_path", Files.createTempDirectory("moquette", PRIVATE_DIR).toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a scratch directory for the broker", e);
            }
        }
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p), null, null, credentials,
                    new BrokerTopicPolicy(access.prefix(), access.site(), access.gatewayUser()));
        } catch (IOException e) {
            throw new UncheckedIOException("embedded MQTT broker did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        awaitListening(host, port);
        if (dataDir != null) {
            tightenFiles(dataDir); // whatever Moquette created beside the store (its queue segments) inside the 0700 directory
        }
        LOG.info("embedded MQTT broker (Moquette) listening on {}:{}, clients log in (passwords in {})", host, port,
                access.secretsDir());
        return new EmbeddedBroker(server, host, port, credentials, dataDir);
    }

    /**
     * The store directory 0700 and the store file 0600 before Moquette opens them; a directory left
     * open by an older version is closed down, its files included.
     */
    private static void privateStore(Path dataDir) throws IOException {
        SecretFile.createPrivateDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        tightenFiles(dataDir);
        Path store = dataDir.resolve(STORE_FILE);
        if (!Files.exists(store)) {
            Files.createFile(store, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        }
    }

    private static void tightenFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(f, Files.isDirectory(f) ? PosixFilePermissions.fromString("rwx------") : PRIVATE_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the broker store in " + dir + " to its owner", e);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** The gateway's user name on this broker. */
    public String gatewayUser() {
        return credentials.gatewayUser();
    }

    /** The gateway's password on this broker (from its 0600 file). */
    public String gatewayPassword() {
        return credentials.gatewayPassword();
    }

    /** Reader {@code readerId}'s password (user name = reader id), generated into its 0600 file on first use. */
    public String readerPassword(String readerId) {
        return credentials.readerPassword(readerId);
    }

    /** Where the passwords are kept. */
    public Path secretsDir() {
        return credentials.secretsDir();
    }

    private static void awaitListening(String host, int port) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", ie);
                }
            }
        }
        throw new IllegalStateException("embedded MQTT broker did not listen on " + host + ":" + port + " within 10 s");
    }

    public String uri() {
        return "tcp://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Stops; a queue page Moquette added while running (inside the 0700 directory, with the JVM's umask) is made 0600 too. */
    @Override
    public void close() {
        server.stopServer();
        if (dataDir != null) {
            tightenFiles(dataDir);
        }
    }
}
