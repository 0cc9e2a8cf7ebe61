package io.cagekeeper.gateway.mqtt;

import java.time.Instant;

/**
 * A message from the broker, not yet acknowledged. The handler must call {@link #ack()} once the
 * message's consequences are durable (its event stored or journaled): until then the broker keeps
 * it and redelivers it after a reconnect, which is what makes a gateway crash lose nothing.
 * {@code retained} is the broker's retain flag: true for a message stored on the topic before we subscribed.
 * The DUP flag is not carried: whether a message was handled before is decided by its durable claim,
 * whatever the broker says.
 */
public record IncomingMessage(String topic, byte[] payload, boolean retained, Instant receivedAt, Runnable acker) {

    public void ack() {
        acker.run();
    }
}
