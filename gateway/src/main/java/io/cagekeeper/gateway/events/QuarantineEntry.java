package io.cagekeeper.gateway.events;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One quarantined event, kept whole: {@code content} is its journal line ({@code encoding} "event",
 * lossless, see {@link EventCodec}) or, for a journal line that is not an event, that line as text or
 * base64. Every other field is storable text for reading it at a glance. {@code keyHash} identifies
 * it, so quarantining the same event twice (a replay after a crash) keeps one.
 */
public record QuarantineEntry(String keyHash, String key, String type, String source, String doorId, Instant receivedAt,
                              String encoding, String content, String sqlState, String reason, Instant quarantinedAt) {

    static QuarantineEntry refused(RefusedEvent r, Instant at) {
        return of(r.event(), r.sqlState(), r.reason(), at);
    }

    /** An event that cannot even be encoded as a journal line: kept as the text of all its fields. */
    static QuarantineEntry unencodable(GatewayEvent e, Instant at) {
        return of(e, null, "not encodable as a journal line", at);
    }

    private static QuarantineEntry of(GatewayEvent e, String sqlState, String reason, Instant at) {
        String key = escaped(e.key());
        String encoding = "event";
        String content;
        try {
            content = EventCodec.encode(e);
        } catch (RuntimeException x) {
            encoding = "text";
            content = StorableText.sanitized(e.toString(), 1_000_000);
        }
        return new QuarantineEntry(sha256(key.getBytes(StandardCharsets.UTF_8)), StorableText.sanitized(key, 500),
                e.type().name(), StorableText.sanitized(e.source(), 200), StorableText.sanitized(e.doorId(), 64),
                e.receivedAt(), encoding, content, sqlState, reason, at);
    }

    /** A journal line that does not decode as an event: kept as it is (text if it is storable UTF-8, else base64). */
    static QuarantineEntry unreadable(byte[] line, Instant at) {
        return line(line, "journal line is not an event", at);
    }

    /** A journal line whose MAC fails: edited (or added) outside the gateway, so its event is not replayed. */
    static QuarantineEntry forged(byte[] line, Instant at) {
        return line(line, "journal line fails its MAC: edited outside the gateway (or torn by a crash)", at);
    }

    private static QuarantineEntry line(byte[] line, String reason, Instant at) {
        String text = strictUtf8(line);
        boolean asText = text != null && StorableText.storable(text);
        return new QuarantineEntry(sha256(line), null, null, null, null, null, asText ? "text" : "base64",
                asText ? text : Base64.getEncoder().encodeToString(line), null, reason, at);
    }

    /** The event PostgreSQL does store in its place: says what was refused and why, and raises the alarm. */
    GatewayEvent notice() {
        String what = (type == null ? "A journal line was refused (" : "Event " + type + " from " + source + " was refused by PostgreSQL (")
                + (sqlState == null ? "" : sqlState + ": ") + reason + ") and quarantined: kept whole, not in the event log";
        return new GatewayEvent(noticeKey(), EventType.EVENT_QUARANTINED, "event-log", doorId, null, null, quarantinedAt,
                null, null, null, sqlState == null ? List.of() : List.of(sqlState), null, null, what, null,
                Map.of("quarantinedKey", key == null ? "" : StorableText.sanitized(key, 200),
                        "quarantinedType", type == null ? "" : type));
    }

    /**
     * The quarantined event made storable (NUL and lone surrogates replaced, no detail), under the
     * notice's key: the alarms the event itself would have raised (a forced door) are raised from it,
     * so a refused event does not silence its alarm. Null for a line that is not an event.
     */
    GatewayEvent storableCopy() {
        if (!encoding.equals("event")) {
            return null;
        }
        GatewayEvent e = EventCodec.decode(content);
        return new GatewayEvent(noticeKey(), e.type(), StorableText.sanitized(e.source(), 200),
                StorableText.sanitized(e.doorId(), 200), e.deviceSeq(), e.deviceTs(), e.receivedAt(),
                StorableText.sanitized(e.card(), 200), StorableText.sanitized(e.personId(), 200),
                StorableText.sanitized(e.result(), 200), e.reasons().stream().map(x -> StorableText.sanitized(x, 200)).toList(),
                StorableText.sanitized(e.decidedBy(), 200), e.snapshotVersion(), StorableText.sanitized(e.sentence(), 2000),
                e.flags().stream().map(x -> StorableText.sanitized(x, 200)).toList(), Map.of());
    }

    String noticeKey() {
        return "quarantine:" + keyHash.substring(0, 32);
    }

    String encode() {
        return new JsonObject().put("keyHash", keyHash).put("key", key).put("type", type).put("source", source)
                .put("doorId", doorId).put("receivedAt", receivedAt == null ? null : receivedAt.toString())
                .put("encoding", encoding).put("content", content).put("sqlState", sqlState).put("reason", reason)
                .put("quarantinedAt", quarantinedAt.toString()).encode();
    }

    static QuarantineEntry decode(String line) {
        JsonObject o = new JsonObject(line);
        String received = o.getString("receivedAt");
        return new QuarantineEntry(o.getString("keyHash"), o.getString("key"), o.getString("type"), o.getString("source"),
                o.getString("doorId"), received == null ? null : Instant.parse(received), o.getString("encoding"),
                o.getString("content"), o.getString("sqlState"), o.getString("reason"), Instant.parse(o.getString("quarantinedAt")));
    }

    /** The key as the inside of a JSON string literal: storable, and different keys stay different. */
    private static String escaped(String key) {
        String json = StorableText.escapeLoneSurrogates(Json.encode(key));
        return json.substring(1, json.length() - 1);
    }

    private static String strictUtf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
