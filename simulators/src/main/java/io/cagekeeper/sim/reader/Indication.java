package io.cagekeeper.sim.reader;

import java.time.Instant;

/**
 * An Indication the server sent to the reader, as received: the members of the datasheet's shape (null,
 * or 0 for {@code beep}, when absent or of the wrong type), when it arrived, and the payload as text.
 */
public record Indication(String replyTo, String result, String led, int beep, String text, Integer openMs,
                         Instant receivedAt, String rawJson) {

    public boolean isGrant() {
        return "GRANT".equals(result);
    }
}
