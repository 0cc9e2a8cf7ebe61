package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.CanonicalJson;
import io.vertx.core.json.JsonObject;
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
 * it was, while the leaf reveals nothing of a person to whoever holds a proof. Only events carry
 * personal fields; a row missing when it was logged has {@code "row":null}.
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

    /** Splits the row document ({@code to_jsonb(row)::text}, null when the row is gone). */
    public static Split split(String kind, String doc) {
        if (doc == null) {
            return new Split(null, null);
        }
        Map<String, Object> row = new LinkedHashMap<>(new JsonObject(doc).getMap());
        if (!EVENT.equals(kind)) {
            return new Split(row, null);
        }
        Map<String, Object> personal = new LinkedHashMap<>();
        boolean any = false;
        for (String f : PERSONAL) {
            Object v = row.remove(f);
            personal.put(f, v);
            any |= v != null;
        }
        return new Split(row, any ? personal : null);
    }

    /**
     * Whose key hashes these personal fields: the person, else the card, else the event itself (a key
     * of its own). Never leaves the database: leaves keep only the key's number.
     */
    public static String subject(long rowId, Map<String, Object> personal) {
        Object person = personal.get("person_id");
        if (person != null) {
            return person.toString();
        }
        Object card = personal.get("card");
        return card != null ? "card:" + card : "event:" + rowId;
    }

    /** HMAC-SHA256 of the personal fields' canonical JSON. */
    public static byte[] personalMac(byte[] key, Map<String, Object> personal) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
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
