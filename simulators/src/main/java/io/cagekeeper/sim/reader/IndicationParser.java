package io.cagekeeper.sim.reader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads an Indication leniently, as a reader's firmware would: unknown members are skipped, a member of
 * the wrong type counts as absent. Anything that is not a JSON object is not an Indication.
 */
final class IndicationParser {

    private static final JsonFactory JSON = new JsonFactory();

    private IndicationParser() {
    }

    static Optional<Indication> parse(byte[] payload, Instant receivedAt) {
        String raw = new String(payload, StandardCharsets.UTF_8);
        String replyTo = null;
        String result = null;
        String led = null;
        String text = null;
        Integer openMs = null;
        int beep = 0;
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "replyTo" -> replyTo = textOrNull(p, value);
                    case "result" -> result = textOrNull(p, value);
                    case "led" -> led = textOrNull(p, value);
                    case "text" -> text = textOrNull(p, value);
                    case "beep" -> beep = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case "openMs" -> openMs = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Optional.empty();
            }
        } catch (IOException malformed) {
            return Optional.empty();
        }
        return Optional.of(new Indication(replyTo, result, led, beep, text, openMs, receivedAt, raw));
    }

    private static String textOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
