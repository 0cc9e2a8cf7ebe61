package io.cagekeeper.gateway.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event as one line of JSON, for the local journal and the quarantine. Lossless for every field
 * the store keeps, including text PostgreSQL cannot store: NUL is escaped by JSON itself and a lone
 * surrogate is written as its JSON escape (backslash, u, four hex digits), so the line is always valid UTF-8.
 */
final class EventCodec {

    private EventCodec() {
    }

    static String encode(GatewayEvent e) {
        String json = new JsonObject()
                .put("key", e.key()).put("type", e.type().name()).put("source", e.source()).put("doorId", e.doorId())
                .put("deviceSeq", e.deviceSeq()).put("deviceTs", text(e.deviceTs())).put("receivedAt", text(e.receivedAt()))
                .put("card", e.card()).put("personId", e.personId()).put("result", e.result())
                .put("reasons", new JsonArray(List.copyOf(e.reasons()))).put("decidedBy", e.decidedBy())
                .put("snapshotVersion", e.snapshotVersion()).put("sentence", e.sentence())
                .put("flags", new JsonArray(List.copyOf(e.flags()))).put("detail", new JsonObject(Map.copyOf(e.detail())))
                .encode();
        return StorableText.escapeLoneSurrogates(json);
    }

    static GatewayEvent decode(String line) {
        JsonObject o = new JsonObject(line);
        return new GatewayEvent(o.getString("key"), EventType.valueOf(o.getString("type")), o.getString("source"),
                o.getString("doorId"), o.getLong("deviceSeq"), instant(o.getString("deviceTs")),
                instant(o.getString("receivedAt")), o.getString("card"), o.getString("personId"), o.getString("result"),
                strings(o.getJsonArray("reasons")), o.getString("decidedBy"), o.getLong("snapshotVersion"),
                o.getString("sentence"), strings(o.getJsonArray("flags")), o.getJsonObject("detail").getMap());
    }

    private static List<String> strings(JsonArray a) {
        return a == null ? List.of() : a.stream().map(String::valueOf).toList();
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
