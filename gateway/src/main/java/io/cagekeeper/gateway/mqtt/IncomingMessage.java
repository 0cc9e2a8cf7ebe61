package io.cagekeeper.gateway.mqtt;

import java.time.Instant;

/**
 * A message from the broker, not yet acknowledged. The handler must call {@link #ack()} once the
 * message's consequences are durable (its event stored or journaled): until then the broker keeps
 * it and redelivers it after a reconnect, which is what makes a gateway crash lose nothing.
 * {@code retained} is the broker's retain flag: true for a message stored on the topic before we subscribed.
 */
public record IncomingMessage(String topic, byte[] payload, boolean duplicate, boolean retained, Instant receivedAt,
                              Runnable acker) {

    /** A message that was not published retained. */
    public IncomingMessage(String topic, byte[] payload, boolean duplicate, Instant receivedAt, Runnable acker) {
        this(topic, payload, duplicate, false, receivedAt, acker);
    }

    public void ack() {
        acker.run();
    }
}
