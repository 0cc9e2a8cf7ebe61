package io.cagekeeper.reconciliation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's bytes are what an RFC 8785 (JCS) signer expects. */
class CanonicalJsonTest {

    @Test
    void sortsKeysByUtf16CodeUnitsAndEscapesLikeRfc8785() {
        Map<String, Object> m = new HashMap<>();
        m.put("b", List.of(1L, "x"));
        m.put("a", "tab\there\u0007bell é/€");
        m.put("\u20ac", true);
        m.put("\ud83d\ude00", "\ud83d\ude00");
        m.put("A", Map.of("z", 1L, "y", 2L));
        String json = new String(CanonicalJson.bytes(m), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"A\":{\"y\":2,\"z\":1},\"a\":\"tab\\there\\u0007bell é/€\",\"b\":[1,\"x\"],"
                + "\"\u20ac\":true,\"\ud83d\ude00\":\"\ud83d\ude00\"}");
    }
}
