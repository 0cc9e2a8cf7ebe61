package io.cagekeeper.gateway.access;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * The durable memory of every reader message the gateway has acted on, consulted before a message is
 * decided: a message is claimed once, for ever, by (reader, msgId), so a credential captured and
 * published again (with or without the MQTT DUP flag, after a restart or after a flood pushed it out of
 * every cache) is recognised as already handled and never opens a door again.
 */
public interface MessageClaims {

    /**
     * One message to claim.
     *
     * @param inSequence whether it counts towards the reader's seq high-water mark (false for a replay or
     *                   an unconfirmed jump, so that it cannot move the mark after a restart)
     * @param seqReset   a fresh BOOT that starts the reader's seq again
     */
    record Claim(String readerId, String msgId, long seq, String kind, Instant deviceTs, Instant receivedAt,
                 boolean inSequence, boolean seqReset) {
    }

    /** Completes with true when the message is claimed now for the first time, false when it was claimed before. */
    Future<Boolean> claim(Claim claim);

    /** Keeps a reader's clock samples (oldest first), so a restarted gateway judges freshness at once. */
    Future<Void> saveClock(String readerId, java.util.List<Long> samplesMs, Instant at);

    /** The result (GRANT, DENY, PENDING) stored for a reader message's event, or null when none is stored. */
    Future<String> recordedResult(String eventKey);
}
