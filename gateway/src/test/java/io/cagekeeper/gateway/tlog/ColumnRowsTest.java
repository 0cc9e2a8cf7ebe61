package io.cagekeeper.gateway.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link ColumnRows} turns a column's text into its JSON value (the database side: RowRenderingIT). */
class ColumnRowsTest {

    @Test
    void takesATimestampsJsonStringAsItsCharactersAndParsesOneWithAnEscape() {
        assertThat(ColumnRows.jsonString("\"2026-12-02T18:00:00.123456+00:00\"")).isEqualTo("2026-12-02T18:00:00.123456+00:00");
        assertThat(ColumnRows.jsonString("\"infinity\"")).isEqualTo("infinity");
        assertThat(ColumnRows.jsonString("\"a\\\"b\\n\"")).isEqualTo("a\"b\n");
        assertThat(ColumnRows.jsonString("\"\"")).isEqualTo("");
    }

    @Test
    void parsesAJsonColumnAtTheTopAsTheDocumentsParserParsesItInside() {
        for (String json : List.of("{\"b\": [1, {\"a\": 1.50}], \"a\": null}", "[\"x\", null, [2]]", "\"s\"", "12", "1e100", "true", "null")) {
            byte[] alone = CanonicalJson.encode(LeafCodec.parseValue(json));
            byte[] inside = CanonicalJson.encode(LeafCodec.parse("{\"v\":" + json + "}").get("v"));
            assertThat(new String(alone, StandardCharsets.UTF_8)).as(json).isEqualTo(new String(inside, StandardCharsets.UTF_8));
        }
    }

    @Test
    void givesTheSameCanonicalValuesAsTheDocumentsParserForIntegersOfEveryWidth() {
        // the document's parser yields Integer, Long or BigInteger by size; a column gives a Long: canonical JSON writes them alike
        for (String n : List.of("0", "-1", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775807")) {
            byte[] parsed = CanonicalJson.encode(LeafCodec.parse("{\"n\":" + n + "}"));
            byte[] column = CanonicalJson.encode(java.util.Map.of("n", Long.parseLong(n)));
            assertThat(new String(column, StandardCharsets.UTF_8)).isEqualTo(new String(parsed, StandardCharsets.UTF_8));
        }
    }
}
