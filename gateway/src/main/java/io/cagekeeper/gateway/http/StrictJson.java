package io.cagekeeper.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.cagekeeper.gateway.events.StorableText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The API's one JSON body reader. Lenient parsers answer ambiguous input with a guess (the last of
 * two {@code "by"} members wins, invalid UTF-8 becomes U+FFFD, an escaped NUL becomes a NUL character that
 * PostgreSQL then refuses), and a guess on an access-control API is an attack surface. This reader
 * refuses instead: the body must be valid UTF-8 holding exactly one JSON object, with no duplicate
 * member at any depth, no member the endpoint does not know, no text PostgreSQL cannot store (NUL,
 * lone surrogates) anywhere, nested at most 8 deep. Pure: unit-tested directly.
 */
public final class StrictJson {

    private static final int MAX_DEPTH = 8;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(65_536).build())
            .build();

    private StrictJson() {
    }

    /** The body as a JSON object whose members are all in {@code members}; {@link BadRequest} otherwise. */
    public static JsonObject object(Buffer body, Set<String> members) {
        if (body == null || body.length() == 0) {
            throw new BadRequest("body must be a JSON object");
        }
        String text = utf8(body.getBytes());
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("body must be a JSON object");
            }
            Map<String, Object> top = readObject(p, 1);
            if (p.nextToken() != null) {
                throw new BadRequest("body must be one JSON object and nothing after it");
            }
            for (String name : top.keySet()) {
                if (!members.contains(name)) {
                    throw new BadRequest("body has a member this endpoint does not take (it takes " + String.join(", ", members) + ")");
                }
            }
            return new JsonObject(top);
        } catch (JsonProcessingException e) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.startsWith("Duplicate field")) {
                throw new BadRequest("body has a duplicate member");
            }
            if (m.contains("nesting depth")) {
                throw new BadRequest("body is nested too deeply");
            }
            throw new BadRequest("body is not valid JSON");
        } catch (IOException e) {
            throw new BadRequest("body is not valid JSON");
        }
    }

    private static Map<String, Object> readObject(JsonParser p, int depth) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            check(name, "a member name");
            p.nextToken();
            out.put(name, readValue(p, depth));
        }
        return out;
    }

    private static Object readValue(JsonParser p, int depth) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> new JsonObject(readObject(p, depth + 1));
            case START_ARRAY -> {
                JsonArray a = new JsonArray();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(readValue(p, depth + 1));
                }
                yield a;
            }
            case VALUE_STRING -> check(p.getText(), "a text value");
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new BadRequest("body is not valid JSON");
        };
    }

    private static String check(String s, String what) {
        String problem = StorableText.problem(s);
        if (problem != null) {
            throw new BadRequest("body has " + what + " that " + problem);
        }
        return s;
    }

    /** Strict UTF-8: a malformed byte sequence (an encoded surrogate among them) is refused, not replaced. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("body is not valid UTF-8");
        }
    }
}
