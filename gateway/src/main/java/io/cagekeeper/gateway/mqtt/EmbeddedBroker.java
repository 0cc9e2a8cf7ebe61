package io.cagekeeper.gateway.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette (MQTT 3.1.1) for a machine with no broker installed. Sessions and queued QoS 1 messages
 * persist in {@code dataDir} so a broker restart loses nothing; Nagle is off and writes are flushed
 * at once, because every badge waits on a round trip through here.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Server server;
    private final String host;
    private final int port;

    private EmbeddedBroker(Server server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts on {@code host:port} and returns once the port accepts connections (Moquette's own
     * start returns before that). Port 0 is refused by Moquette: pick a free port first.
     */
    public static EmbeddedBroker start(String host, int port, Path dataDir) {
        if (port <= 0) {
            throw new IllegalArgumentException("Moquette needs an explicit port");
        }
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("netty.tcp_nodelay", "true");
        p.setProperty("immediate_buffer_flush", "true");
        p.setProperty("netty.mqtt.message_size", "65536");
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create broker data directory " + dataDir, e);
            }
            p.setProperty("persistence_enabled", "true");
            p.setProperty("data_path", dataDir.toAbsolutePath().toString());
        } else {
            p.setProperty("persistence_enabled", "false");
            try {
                // Moquette writes an id file under data_path even without persistence: keep it out of the working directory
                p.setProperty("data_path", Files.createTempDirectory("moquette").toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a scratch directory for the broker", e);
            }
        }
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException("embedded MQTT broker did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        awaitListening(host, port);
        LOG.info("embedded MQTT broker (Moquette) listening on {}:{}", host, port);
        return new EmbeddedBroker(server, host, port);
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

    @Override
    public void close() {
        server.stopServer();
    }
}
