package io.cagekeeper.sim.reader;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;

/**
 * Moquette 0.17 on a free loopback port, in memory. Port "0" does not work with Moquette and its
 * getPort() is racy (STACK.md pitfall 2): pick a free port first, then wait until it listens.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Server server = new Server();
    private final int port;
    private final java.nio.file.Path dataDir;

    public EmbeddedBroker() throws IOException, InterruptedException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        dataDir = java.nio.file.Files.createTempDirectory("moquette");
        Properties p = new Properties();
        p.setProperty("data_path", dataDir.toString());
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("netty.tcp_nodelay", "true");
        server.startServer(new MemoryConfig(p));
        awaitListening();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() {
        server.stopServer();
        try (var files = java.nio.file.Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
