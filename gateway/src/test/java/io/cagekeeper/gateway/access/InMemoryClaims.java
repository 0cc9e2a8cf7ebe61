package io.cagekeeper.gateway.access;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims of {@link ReaderMessageStore} kept in memory, for the unit tests of the spine (the ITs use
 * the real table). {@code results} plays the events table: the result stored for an event key.
 */
final class InMemoryClaims implements MessageClaims {

    final Set<String> claimed = new HashSet<>();
    final Map<String, String> results = new HashMap<>();
    final Map<String, List<Long>> clocks = new HashMap<>();
    boolean down;

    @Override
    public Future<Boolean> claim(Claim c) {
        if (down) {
            return Future.failedFuture("database unreachable");
        }
        return Future.succeededFuture(claimed.add(AccessController.messageKey(c.readerId(), c.msgId())));
    }

    @Override
    public Future<Void> saveClock(String readerId, List<Long> samplesMs, Instant at) {
        clocks.put(readerId, samplesMs);
        return Future.succeededFuture();
    }

    @Override
    public Future<String> recordedResult(String eventKey) {
        return Future.succeededFuture(results.get(eventKey));
    }

    static ReaderPolicy unsignedReaders(String... ids) {
        return new ReaderPolicy(id -> null, Set.of(ids), java.time.Duration.ofSeconds(10), 1_000, java.time.Duration.ofSeconds(30));
    }
}
