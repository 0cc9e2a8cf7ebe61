package io.cagekeeper.gateway;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway alone, against real devices: {@code cagekeeper run [config.properties]} (or
 * {@code java -cp 'lib/*' io.cagekeeper.gateway.GatewayMain [config.properties]}), default
 * {@code cagekeeper.properties} if present. Environment variables {@code CAGEKEEPER_*} override the
 * file. A bad setting stops start-up with a message naming it (exit code 2); a start that fails
 * otherwise exits 1.
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config;
        try {
            config = load(args.length > 0 ? Path.of(args[0]) : null);
        } catch (ConfigException e) {
            System.err.println("cagekeeper: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(config);
    }

    /**
     * Loads the configuration the way the gateway starts with it: {@code file}, or
     * {@code cagekeeper.properties} in the working directory when null and present, or the defaults;
     * then the {@code CAGEKEEPER_*} environment overrides. Throws {@link ConfigException} naming the bad setting.
     */
    public static GatewayConfig load(Path file) {
        Path f = file != null ? file : Path.of("cagekeeper.properties");
        return ConfigLoader.load(file != null || Files.exists(f) ? f : null, System.getenv());
    }

    /**
     * Starts the gateway and blocks until the JVM is asked to stop; stops it cleanly then. A start-up
     * failure exits the JVM: 2 for a configuration problem found late (say, no database reachable by
     * the configured mode), 1 otherwise.
     */
    public static void run(GatewayConfig config) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        Gateway gateway = new Gateway(vertx, config);
        CountDownLatch started = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        gateway.start().onComplete(ar -> {
            failure[0] = ar.cause();
            started.countDown();
        });
        started.await();
        if (failure[0] != null) {
            boolean badConfig = failure[0] instanceof ConfigException;
            System.err.println("cagekeeper: " + (badConfig ? "configuration error: " : "start-up failed: ") + failure[0].getMessage());
            vertx.close();
            System.exit(badConfig ? 2 : 1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop().eventually(vertx::close).onComplete(ar -> stopped.countDown());
            try {
                if (stopped.await(20, TimeUnit.SECONDS)) {
                    LOG.info("gateway stopped cleanly");
                } else {
                    LOG.warn("gateway did not stop within 20 s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cagekeeper-shutdown"));
        Thread.currentThread().join();
    }
}
