package io.cagekeeper.gateway.bench;

import io.cagekeeper.gateway.it.Backends;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of our own on a free port of 127.0.0.1, so the benchmark can turn Nagle off
 * ({@code set_tcp_nodelay true}, STACK.md: ~30 ms a hop otherwise) without touching the machine's
 * broker or its configuration. Persistence is off: the gateway's guarantee rests on its own manual
 * acknowledgements, not on broker restarts. {@code max_inflight_messages} as the gateway needs (see
 * {@link #INFLIGHT}). {@code max_queued_messages} is raised from 1000 so that a
 * gateway falling behind shows up as latency, not as messages the broker dropped.
 */
final class PrivateMosquitto implements AutoCloseable {

    static final String BINARY = "/usr/sbin/mosquitto";

    private final Process process;
    private final int port;

    private PrivateMosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Unacknowledged QoS 1 messages Mosquitto lets a client have, as docs/configuration.md asks of a
     * broker in front of the gateway: the gateway acknowledges a credential only once its event is
     * committed, so Mosquitto's default of 20 pauses all delivery whenever 20 credentials wait for a
     * commit (at 1,000/s: any commit slower than 20 ms). -Dbench.inflight=20 shows the default.
     */
    private static final int INFLIGHT = Integer.getInteger("bench.inflight", 1000);

    static PrivateMosquitto start(Path dir) throws IOException, InterruptedException {
        int port = Backends.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "set_tcp_nodelay true",
                "persistence false",
                "max_queued_messages 100000",
                "max_inflight_messages " + INFLIGHT,
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                ""));
        Process p = new ProcessBuilder(BINARY, "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        PrivateMosquitto broker = new PrivateMosquitto(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("mosquitto exited with " + p.exitValue() + "; see " + dir.resolve("mosquitto.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return broker;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        broker.close();
        throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    long pid() {
        return process.pid();
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
