package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.CanonicalJson;
import io.vertx.core.json.jackson.JacksonCodec;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a log leaf holds: the canonical JSON (RFC 8785) of
 * <pre>{"v":1,"kind":"event","id":123,"row":{...the row's columns...},"personal":"&lt;base64 HMAC&gt;"}</pre>
 * where {@code row} is the stored row as PostgreSQL's {@code to_jsonb} renders it (timestamps in UTC)
 * without its personal fields, and {@code personal} the HMAC-SHA256, under a key of the subject, of the
 * canonical JSON of those fields. Erasing the fields and the key leaves the leaf (and every proof) as
 * it was, while the leaf reveals nothing of a person to whoever holds a proof. Only events that name
 * a person or a card carry personal fields; a row missing when it was logged has {@code "row":null}.
 */
public final class LeafCodec {

    /** The event columns that name a person: they enter the leaf only through the keyed hash. */
    public static final List<String> PERSONAL = List.of("card", "person_id", "sentence");
    private static final String EVENT = "event";

    private LeafCodec() {
    }

    /** A row split into what the leaf shows and what it hashes with a key (null: nothing personal). */
    public record Split(Map<String, Object> row, Map<String, Object> personal) {
    }

    private static final JacksonCodec JSON = new JacksonCodec();

    /**
     * The row document as a map: Vert.x's streaming Jackson decoding (objects as LinkedHashMap, numbers as
     * Jackson's Integer/Long/BigInteger/Double), the values {@code new JsonObject(doc)} yields without its
     * data-binding layer, which was the larger part of verify-log's hashing thread (LeafCodecTest holds the
     * two to the same canonical bytes).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String doc) {
        return (Map<String, Object>) JSON.fromString(doc, Map.class);
    }

    /**
     * Any JSON text (a jsonb column's) decoded as {@link #parse} decodes the values inside a document (the codec
     * wraps an object or array at the top in JsonObject or JsonArray: unwrapped, their insides are as parsed).
     */
    static Object parseValue(String json) {
        Object v = JSON.fromString(json, Object.class);
        if (v instanceof io.vertx.core.json.JsonObject o) {
            return o.getMap();
        }
        return v instanceof io.vertx.core.json.JsonArray a ? a.getList() : v;
    }

    /** Splits a row being logged: the personal fields go to the keyed hash when it names a person or a card. */
    public static Split split(String kind, String doc) {
        return split(kind, doc, false);
    }

    /**
     * Splits the row document ({@code to_jsonb(row)::text}, null when the row is gone); {@code hashed}:
     * its leaf was logged with a keyed hash of personal fields (which an erasure may since have emptied).
     */
    public static Split split(String kind, String doc, boolean hashed) {
        return doc == null ? new Split(null, null) : split(kind, parse(doc), hashed);
    }

    /**
     * As {@link #split(String, String, boolean)}, of a row already decoded into what {@link #parse} yields
     * (verify-log builds it from the row's columns, {@link ColumnRows}); the map is changed.
     */
    static Split split(String kind, Map<String, Object> row, boolean hashed) {
        if (!EVENT.equals(kind)) {
            return new Split(row, null);
        }
        if (!hashed && row.get("person_id") == null && row.get("card") == null) {
            return new Split(row, null); // names nobody (a door, a heartbeat): its sentence stays in the leaf
        }
        Map<String, Object> personal = new LinkedHashMap<>();
        for (String f : PERSONAL) {
            personal.put(f, row.remove(f));
        }
        return new Split(row, personal.values().stream().allMatch(java.util.Objects::isNull) ? null : personal);
    }

    /**
     * Whose key hashes these personal fields: the person, else the card ({@code card:<number>}). Never
     * leaves the database: leaves keep only the key's number.
     */
    public static String subject(long rowId, Map<String, Object> personal) {
        Object person = personal.get("person_id");
        return person != null ? person.toString() : "card:" + personal.get("card");
    }

    /** One Mac per thread, re-keyed per call: {@code Mac.getInstance} looks the provider up every time (verify-log: once a row). */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    });

    /** HMAC-SHA256 of the personal fields' canonical JSON. */
    public static byte[] personalMac(byte[] key, Map<String, Object> personal) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(CanonicalJson.encode(personal));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    /** The leaf's bytes. */
    public static byte[] leaf(String kind, long rowId, Map<String, Object> row, byte[] personalMac) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("v", 1);
        doc.put("kind", kind);
        doc.put("id", rowId);
        doc.put("row", row);
        if (personalMac != null) {
            doc.put("personal", Base64.getEncoder().encodeToString(personalMac));
        }
        return CanonicalJson.encode(doc);
    }
}
