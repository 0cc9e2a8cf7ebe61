package io.cagekeeper.gateway.mqtt;

import io.cagekeeper.policy.decision.CardRead;
import java.time.Instant;

/** A well-formed message from a reader, as defined by reader-mqtt.md. */
public sealed interface ReaderMessage {

    /**
     * A presented credential. {@code pin} is held only until the decision is made and is never
     * logged or stored; {@code toString} hides it.
     */
    record Credential(String msgId, long seq, Instant ts, CardRead card, String pin, Boolean bioMatch)
            implements ReaderMessage {
        @Override
        public String toString() {
            return "Credential[" + msgId + " seq=" + seq + " " + card + (pin == null ? "" : " pin=****") + "]";
        }
    }

    /** The retained status, or the Last Will ({@code online=false}, no other members). */
    record Status(boolean online, Instant ts, String firmware, Boolean tamper, Long seq) implements ReaderMessage {
    }

    record Event(String msgId, long seq, Instant ts, String type, String detail) implements ReaderMessage {
    }
}
