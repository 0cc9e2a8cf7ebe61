package io.cagekeeper.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private static final Set<String> OPERATOR = Set.of("by", "comment", "extra");

    private static Object read(String body) {
        return StrictJson.object(Buffer.buffer(body), OPERATOR);
    }

    private static void refused(String body, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(BadRequest.class).hasMessageContaining(message);
    }

    private static void refused(byte[] body, String message) {
        assertThatThrownBy(() -> StrictJson.object(Buffer.buffer(body), OPERATOR)).isInstanceOf(BadRequest.class)
                .hasMessageContaining(message);
    }

    @Test
    void readsAPlainObject() {
        assertThat(StrictJson.object(Buffer.buffer("{\"by\":\"desk:jo\",\"comment\":\"door checked \uD83D\uDEAA\"}"), OPERATOR)
                .getString("comment")).isEqualTo("door checked \uD83D\uDEAA");
    }

    @Test
    void refusesADuplicateMemberAtAnyDepth() {
        refused("{\"by\":\"a\",\"by\":\"b\"}", "duplicate member");
        refused("{\"extra\":{\"x\":1,\"x\":2}}", "duplicate member");
    }

    @Test
    void refusesAnEscapedNulOrLoneSurrogateInAValueOrAName() {
        refused("{\"by\":\"x\\u0000y\"}", "NUL");
        refused("{\"by\":\"x\\ud800y\"}", "lone surrogate");
        refused("{\"by\":\"x\\udc00\"}", "lone surrogate");
        refused("{\"extra\":[\"\\u0000\"]}", "NUL");
        refused("{\"b\\u0000y\":\"x\"}", "NUL");
        assertThat(read("{\"by\":\"\\ud83d\\udeaa\"}")).isNotNull();
    }

    @Test
    void refusesARawNulAndBytesThatAreNotUtf8() {
        refused("{\"by\":\"x" + (char) 0 + "y\"}", "not valid JSON");
        refused(new byte[] {'{', '"', 'b', 'y', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, "not valid UTF-8");
        refused(new byte[] {'{', '"', 'b', 'y', '"', ':', '"', (byte) 0xC3, '"', '}'}, "not valid UTF-8");
    }

    @Test
    void refusesAnythingButExactlyOneObjectWithKnownMembers() {
        refused("", "JSON object");
        refused("[]", "JSON object");
        refused("\"by\"", "JSON object");
        refused("{\"by\":\"a\"} {}", "nothing after it");
        refused("{\"by\":\"a\",}", "not valid JSON");
        refused("{\"by\":\"a\",\"level\":\"LOCKDOWN\"}", "does not take");
        refused("{\"extra\":" + "[".repeat(20) + "]".repeat(20) + "}", "nested too deeply");
    }
}
