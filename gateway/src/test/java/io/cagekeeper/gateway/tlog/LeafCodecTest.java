package io.cagekeeper.gateway.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A leaf's row is decoded by Vert.x's streaming Jackson codec, not through {@code new JsonObject(doc)}'s
 * data binding (faster): every leaf logged before the change must come out byte for byte the same, so
 * the two decodings are held to the same canonical JSON, on what PostgreSQL's {@code to_jsonb} writes and
 * on random documents with every kind of JSON value.
 */
class LeafCodecTest {

    private static final List<String> ROWS = List.of(
            "{\"id\": 7, \"card\": \"18:4711\", \"type\": \"ACCESS_GRANTED\", \"flags\": [], \"detail\": {\"side\": \"ENTRY\"},"
                    + " \"result\": \"GRANT\", \"source\": \"reader:r1\", \"door_id\": \"d1\", \"reasons\": [\"ACCESS_LEVEL_GRANTED\"],"
                    + " \"device_ts\": null, \"event_key\": \"k-1\", \"person_id\": \"p-1\", \"sentence\": \"Granted: Ann \\u00e9\\u4e2d\\ud83d\\ude00\","
                    + " \"stored_at\": \"2026-12-02T18:00:00.123456+00:00\", \"decided_by\": \"grant:g-1\", \"device_seq\": 12,"
                    + " \"received_at\": \"2026-12-02T18:00:00+00:00\", \"snapshot_version\": 9223372036854775807}",
            "{\"n\": 1.5, \"big\": 123456789012345678901234567890, \"e\": 1e100, \"neg\": -0.0, \"small\": 5e-324, \"t\": true,"
                    + " \"f\": false, \"z\": null, \"esc\": \"a\\\"b\\\\c\\n\\t\\u0001\\u001f\", \"nested\": {\"b\": [1, {\"a\": []}], \"a\": {}}}",
            "{}");

    @Test
    void decodesWhatToJsonbWritesToTheSameCanonicalBytesAsJsonObject() {
        for (String row : ROWS) {
            assertThat(CanonicalJson.encode(LeafCodec.parse(row))).as(row).isEqualTo(CanonicalJson.encode(new JsonObject(row).getMap()));
        }
    }

    @Test
    void decodesRandomDocumentsToTheSameCanonicalBytesAsJsonObject() {
        Random random = new Random(8785);
        for (int i = 0; i < 2_000; i++) {
            String doc = object(random, 0);
            assertThat(CanonicalJson.encode(LeafCodec.parse(doc))).as(doc).isEqualTo(CanonicalJson.encode(new JsonObject(doc).getMap()));
        }
    }

    @Test
    void splitsTheSameRowsAsBefore() {
        LeafCodec.Split s = LeafCodec.split("event", ROWS.get(0));
        assertThat(s.personal()).containsOnlyKeys("card", "person_id", "sentence");
        assertThat(s.row()).doesNotContainKeys("card", "person_id", "sentence").containsEntry("device_seq", 12);
        assertThat(s.row().get("snapshot_version")).isEqualTo(Long.MAX_VALUE);
    }

    private static String object(Random r, int depth) {
        StringBuilder b = new StringBuilder("{");
        int n = r.nextInt(depth == 0 ? 12 : 4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(string(r)).append(": ").append(value(r, depth + 1));
        }
        return b.append('}').toString();
    }

    private static String value(Random r, int depth) {
        return switch (r.nextInt(depth > 3 ? 7 : 9)) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(r.nextLong() >> r.nextInt(64));
            case 3 -> Double.toString((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20));
            case 4 -> r.nextInt(1000) + "." + r.nextInt(1000) + "e" + (r.nextInt(60) - 30);
            case 5 -> "98765432109876543210" + r.nextInt(1000);
            case 6 -> string(r);
            case 7 -> object(r, depth);
            default -> {
                List<String> items = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    items.add(value(r, depth + 1));
                }
                yield "[" + String.join(", ", items) + "]";
            }
        };
    }

    private static String string(Random r) {
        String alphabet = "abcXYZ09 _-:\u00e9\u4e2d\"\\\n\t\u0001\ud83d\ude00";
        StringBuilder b = new StringBuilder("\"");
        for (int i = r.nextInt(10); i > 0; i--) {
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\u0001' -> b.append("\\u0001");
                case '\ud83d' -> b.append("\ud83d\ude00");
                case '\ude00' -> b.append("\\ud83d\\ude00");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
