package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void sortsMembersByUtf16CodeUnitsAsRfc8785Section323Shows() {
        // RFC 8785 3.2.3: the sorted order of these property names
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\u20ac", "Euro Sign");
        m.put("\r", "Carriage Return");
        m.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        m.put("1", "One");
        m.put("\ud83d\ude00", "Emoji: Grinning Face");
        m.put("\u0080", "Control");
        m.put("\u00f6", "Latin Small Letter O With Diaeresis");
        assertThat(CanonicalJson.encodeToString(m)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void writesNumbersAsEcmaScriptDoesInRfc8785AppendixB() {
        assertThat(CanonicalJson.encodeToString(Arrays.asList(0.0, -0.0, 1e21, 1e-7, 333333333.33333329, 4.50, 2e-3, 1e+23, 9007199254740991L,
                -1.0, 5e-324, 0.000001)))
                .isEqualTo("[0,0,1e+21,1e-7,333333333.3333333,4.5,0.002,1e+23,9007199254740991,-1,5e-324,0.000001]");
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        assertThat(CanonicalJson.encodeToString(List.of("\u0001\n\"\\/\u00e9", Map.of(), List.of(), true)))
                .isEqualTo("[\"\\u0001\\n\\\"\\\\/\u00e9\",{},[],true]");
    }
}
