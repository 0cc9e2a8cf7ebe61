package io.cagekeeper.gateway.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or the time is up (then fails the test with {@code what}). */
public final class Await {

    private Await() {
    }

    public static void until(Duration atMost, String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + atMost.toMillis() + " ms waiting for " + what, last);
    }
}
