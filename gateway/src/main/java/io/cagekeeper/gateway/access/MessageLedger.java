package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping of reader messages between arrival and acknowledgement: which are being handled now
 * (a redelivery of one of them waits for it), which were claimed (durably, through {@link MessageClaims};
 * the keys claimed lately are also kept here for when the database cannot answer), and the broker
 * acknowledgement, sent only once everything a message caused is stored. Not thread-safe: the
 * gateway's context only.
 */
final class MessageLedger {

    private static final Logger LOG = LoggerFactory.getLogger(MessageLedger.class);

    private final MessageClaims claims;
    private final Metrics metrics;
    private final LogThrottle logThrottle = new LogThrottle(5, 10_000_000_000L);
    private final Map<String, Future<Void>> inFlight = new HashMap<>();
    /**
     * Keys claimed lately (loaded at start, kept while running): consulted only when the durable claim
     * cannot be made (the database is unreachable), together with freshness and the seq high-water mark.
     */
    private final Map<String, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > AccessController.RECENT_KEYS;
        }
    };

    MessageLedger(MessageClaims claims, Metrics metrics) {
        this.claims = claims;
        this.metrics = metrics;
    }

    /** Keys claimed before a restart. */
    void remember(Collection<String> keys) {
        keys.forEach(k -> recent.put(k, Boolean.TRUE));
    }

    /**
     * Claims a message durably; when the claim cannot be made (database unreachable) falls back to the
     * keys claimed lately, with the flag {@code REPLAY_CHECK_LOCAL}. Completes with true for a message
     * seen for the first time.
     */
    Future<Boolean> claim(MessageClaims.Claim claim, List<String> flags) {
        String key = AccessController.messageKey(claim.readerId(), claim.msgId());
        return claims.claim(claim)
                .recover(e -> {
                    metrics.increment("claims.unavailable");
                    if (logThrottle.admit("claims", System.nanoTime()) >= 0) {
                        LOG.warn("durable replay check unavailable ({}); using the keys claimed lately", e.getMessage());
                    }
                    flags.add("REPLAY_CHECK_LOCAL");
                    return Future.succeededFuture(!recent.containsKey(key));
                })
                .map(fresh -> {
                    if (fresh) {
                        recent.put(key, Boolean.TRUE);
                    } else {
                        metrics.increment("messages.redelivered");
                    }
                    return fresh;
                });
    }

    /** True (and acknowledged once that one is done) when the same message is being handled right now. */
    boolean alreadyInFlight(String key, IncomingMessage m) {
        Future<Void> pending = inFlight.get(key);
        if (pending != null) {
            metrics.increment("messages.redelivered");
            pending.onSuccess(v -> m.ack());
            return true;
        }
        return false;
    }

    /** Acknowledges {@code m} once {@code done} succeeds; leaves it unacknowledged (for redelivery) if it fails. */
    void track(String key, IncomingMessage m, Future<Void> done) {
        inFlight.put(key, done);
        done.onComplete(ar -> {
            inFlight.remove(key);
            if (ar.succeeded()) {
                m.ack();
            } else {
                // Not acknowledged: the broker keeps the message and redelivers it after a reconnect.
                LOG.error("event {} not stored, message left unacknowledged for redelivery: {}", key, ar.cause().getMessage());
            }
        });
    }

    /**
     * Completes once every message taken so far is finished (stored, or left unacknowledged for
     * redelivery), so that an orderly stop closes the event log after the last write, not under it.
     */
    Future<Void> drained() {
        return Future.join(List.copyOf(inFlight.values())).<Void>mapEmpty().otherwiseEmpty();
    }
}
