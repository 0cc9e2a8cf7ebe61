package io.cagekeeper.gateway;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the gateway alone, against real devices: {@code java -jar gateway.jar [config.properties]}
 * (default {@code cagekeeper.properties} if present). Environment variables {@code CAGEKEEPER_*}
 * override the file. A bad setting stops start-up with a message naming it (exit code 2).
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = args.length > 0 ? Path.of(args[0]) : Path.of("cagekeeper.properties");
        GatewayConfig config;
        try {
            config = ConfigLoader.load(Files.exists(file) || args.length > 0 ? file : null, System.getenv());
        } catch (ConfigException e) {
            System.err.println("cagekeeper: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(config);
    }

    /** Starts the gateway and blocks until the JVM is asked to stop; stops it cleanly then. */
    static void run(GatewayConfig config) throws InterruptedException {
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
            System.err.println("cagekeeper: start-up failed: " + failure[0].getMessage());
            vertx.close();
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop().eventually(vertx::close).onComplete(ar -> stopped.countDown());
            try {
                stopped.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cagekeeper-shutdown"));
        Thread.currentThread().join();
    }
}
