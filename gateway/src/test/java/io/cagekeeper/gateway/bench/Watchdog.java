package io.cagekeeper.gateway.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps a benchmark run bounded even if something hangs: after the budget it runs the registered
 * clean-ups (stop the private Mosquitto, drop the scratch database) and halts the JVM. The same
 * clean-ups run from a shutdown hook, so Ctrl-C leaves nothing behind either.
 */
final class Watchdog {

    private static final List<Runnable> CLEANUPS = new CopyOnWriteArrayList<>();

    private Watchdog() {
    }

    static void arm(long seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] over its " + seconds + " s budget: cleaning up and halting");
            cleanUp();
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        t.setDaemon(true);
        t.start();
        Runtime.getRuntime().addShutdownHook(new Thread(Watchdog::cleanUp, "bench-cleanup"));
    }

    static void onHalt(Runnable... cleanups) {
        CLEANUPS.addAll(List.of(cleanups));
    }

    private static void cleanUp() {
        for (Runnable r : CLEANUPS) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("[bench] clean-up: " + e.getMessage());
            }
        }
    }
}
