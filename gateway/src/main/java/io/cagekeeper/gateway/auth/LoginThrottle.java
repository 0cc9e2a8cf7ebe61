package io.cagekeeper.gateway.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Owns {@code login_failures}. Failed logins are counted per (login, address) and per address over a
 * sliding window: {@code perPair} failures lock that login out <em>from that address</em> until the
 * window has passed, and {@code perAddress} failures lock the address out for every login. Nothing is
 * ever counted per login alone, so a stranger guessing the desk's password from elsewhere cannot lock
 * the desk out of its own console. A success clears the pair's count.
 * <p>
 * An attempt is counted <em>before</em> its password is checked ({@link #attempt}): its row is written
 * first, then the rows are counted, so a burst of parallel guesses cannot all pass the check before
 * the first of them is recorded as a failure (checking first and counting after the ~50 ms Argon2
 * check let 20 parallel guesses through a limit of 5). The row stays as the failure, or is cleared by
 * {@link #succeeded}.
 */
public final class LoginThrottle {

    private static final String COUNT_PAIR = """
            SELECT count(*), min(at) FROM login_failures WHERE login = $1 AND address = $2 AND at > $3
            """;
    private static final String COUNT_ADDRESS = "SELECT count(*), min(at) FROM login_failures WHERE address = $1 AND at > $2";
    private static final String INSERT = "INSERT INTO login_failures (login, address, at) VALUES ($1, $2, $3) RETURNING id";
    private static final String WITHDRAW = "DELETE FROM login_failures WHERE id = $1";
    private static final String CLEAR = "DELETE FROM login_failures WHERE login = $1 AND address = $2";
    private static final String PRUNE = "DELETE FROM login_failures WHERE at < $1";

    private final Pool pool;
    private final int perPair;
    private final int perAddress;
    private final Duration window;

    public LoginThrottle(Pool pool, int perPair, int perAddress, Duration window) {
        this.pool = pool;
        this.perPair = perPair;
        this.perAddress = perAddress;
        this.window = window;
    }

    /**
     * Records an attempt to check the password of {@code login} from {@code address}, counted as a
     * failure until {@link #succeeded}; zero when it may go ahead, else how long the caller must wait
     * (then the attempt is not counted, so hammering a locked pair does not extend its lock-out).
     */
    public Future<Duration> attempt(String login, String address, Instant now) {
        var since = now.minus(window).atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(INSERT).execute(Tuple.of(login, address, now.atOffset(ZoneOffset.UTC)))
                .map(rs -> rs.iterator().next().getLong(0))
                .compose(id -> pool.preparedQuery(COUNT_PAIR).execute(Tuple.of(login, address, since)).compose(pair ->
                        pool.preparedQuery(COUNT_ADDRESS).execute(Tuple.of(address, since)).compose(addr -> {
                            Duration wait = Duration.ZERO;
                            var p = pair.iterator().next();
                            if (p.getLong(0) > perPair) {
                                wait = max(wait, Duration.between(now, p.getOffsetDateTime(1).toInstant().plus(window)));
                            }
                            var a = addr.iterator().next();
                            if (a.getLong(0) > perAddress) {
                                wait = max(wait, Duration.between(now, a.getOffsetDateTime(1).toInstant().plus(window)));
                            }
                            if (wait.isZero()) {
                                return Future.succeededFuture(Duration.ZERO);
                            }
                            Duration w = max(wait, Duration.ofSeconds(1));
                            return pool.preparedQuery(WITHDRAW).execute(Tuple.of(id)).map(v -> w);
                        })));
    }

    public Future<Void> succeeded(String login, String address) {
        return pool.preparedQuery(CLEAR).execute(Tuple.of(login, address)).mapEmpty();
    }

    public Future<Void> prune(Instant now) {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(now.minus(window).atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
