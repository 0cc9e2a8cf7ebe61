package io.cagekeeper.gateway;

import io.cagekeeper.gateway.config.ConfigException;
import io.vertx.core.Future;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A start-up failure said with the step it happened in. The pool's "Timeout" or a driver's "Connection
 * refused" alone does not tell an operator whether the database, the policy or the broker held the start
 * up; "reading and compiling the policy: Timeout" does. A {@link ConfigException} passes unchanged (the
 * command line exits 2 for it, and it names its setting already), and the innermost step named wins.
 */
final class StartupStep extends RuntimeException {

    private StartupStep(String step, Throwable cause) {
        super(step + ": " + describe(cause), cause, false, false);
    }

    /** What {@code cause} says, or its kind when it says nothing. */
    private static String describe(Throwable cause) {
        String m = cause.getMessage();
        return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
    }

    /** {@code cause} named by {@code step}, unless it is a configuration error or named already. */
    static Throwable named(String step, Throwable cause) {
        return cause instanceof ConfigException || cause instanceof StartupStep ? cause : new StartupStep(step, cause);
    }

    /** The step's future, its failure named. */
    static <T> Future<T> during(String step, Supplier<Future<T>> work) {
        Future<T> f;
        try {
            f = work.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(named(step, e));
        }
        return f.recover(e -> Future.failedFuture(named(step, e)));
    }

    /** A blocking step, its failure named (run on a worker, inside the start's {@code executeBlocking}). */
    static <T> T blocking(String step, Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (Exception e) {
            throw (Exception) named(step, e);   // an Exception comes back as itself or as a StartupStep
        }
    }
}
