package io.cagekeeper.gateway.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event as stored. {@code key} identifies the event across redeliveries and retries (for a
 * reader message: reader id + msgId), so that storing it twice leaves one row. Device fields are null
 * for events the gateway raises itself.
 *
 * @param detail small, flat extra facts (strings and numbers); never secrets
 */
public record GatewayEvent(String key, EventType type, String source, String doorId, Long deviceSeq,
                           Instant deviceTs, Instant receivedAt, String card, String personId, String result,
                           List<String> reasons, String decidedBy, Long snapshotVersion, String sentence,
                           List<String> flags, Map<String, Object> detail) {

    public GatewayEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receivedAt, "receivedAt");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        flags = flags == null ? List.of() : List.copyOf(flags);
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    /** An event about a door, raised by the gateway from what it saw on the module. */
    public static GatewayEvent door(String key, EventType type, String doorId, Instant at, String sentence,
                                    Map<String, Object> detail) {
        return new GatewayEvent(key, type, "door:" + doorId, doorId, null, null, at, null, null, null, null, null,
                null, sentence, null, detail);
    }
}
