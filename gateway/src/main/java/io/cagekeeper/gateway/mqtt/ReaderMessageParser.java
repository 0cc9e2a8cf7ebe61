package io.cagekeeper.gateway.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.cagekeeper.gateway.mqtt.Rejection.Reason;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Wiegand;
import io.cagekeeper.policy.model.CardNumber;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates reader payloads exactly against reader-mqtt.md: size, UTF-8, one JSON object without
 * duplicate members, every required member present with the right type and range, nothing unknown.
 * Never throws on bad input: it returns a {@link Rejection} that is safe to log.
 */
public final class ReaderMessageParser {

    public static final int MAX_BYTES = 4096;
    private static final long MAX_SEQ = 1L << 53;
    private static final Pattern PIN = Pattern.compile("[0-9]{4,8}");
    private static final Set<String> CREDENTIAL_MEMBERS = Set.of("v", "msgId", "seq", "ts", "card", "pin", "bio");
    private static final Set<String> STATUS_MEMBERS = Set.of("v", "state", "ts", "fw", "tamper", "seq");
    private static final Set<String> EVENT_MEMBERS = Set.of("v", "msgId", "seq", "ts", "type", "detail");
    private static final Set<String> EVENT_TYPES = Set.of("TAMPER", "TAMPER_CLEARED", "HEARTBEAT", "BOOT", "CLOCK_SET");
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(32).build())
            .build();

    /** Either a message or a rejection, never both. */
    public record Result(ReaderMessage message, Rejection rejection) {
        static Result ok(ReaderMessage m) {
            return new Result(m, null);
        }

        static Result no(Reason r, String detail) {
            return new Result(null, Rejection.of(r, detail));
        }

        public boolean ok() {
            return message != null;
        }
    }

    /** Thrown inside the parser only, to unwind on the first problem. */
    private static final class Bad extends Exception {
        final Reason reason;

        Bad(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    public Result parse(ReaderTopic.Kind kind, byte[] payload) {
        if (payload.length > MAX_BYTES) {
            return Result.no(Reason.TOO_LARGE, payload.length + " bytes, limit " + MAX_BYTES);
        }
        try {
            JsonObject o = object(utf8(payload));
            return Result.ok(switch (kind) {
                case CREDENTIAL -> credential(o);
                case STATUS -> status(o);
                case EVENT -> event(o);
                case INDICATE -> throw new Bad(Reason.BAD_TOPIC, "indications are sent by the server, not to it");
            });
        } catch (Bad b) {
            return Result.no(b.reason, b.getMessage());
        } catch (RuntimeException e) {
            // Defence in depth: a parser surprise is a rejection, never a crash.
            return Result.no(Reason.NOT_JSON, "unparseable payload");
        }
    }

    private static String utf8(byte[] payload) throws Bad {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new Bad(Reason.NOT_UTF8, "payload is not UTF-8");
        }
    }

    /**
     * The payload as a JSON object, read once by the strict parser: one object, nothing after it, no
     * duplicate member names at any depth. A payload that does not start with '{' is refused as not
     * JSON or as not an object ({@link #notAnObject}).
     */
    private static JsonObject object(String text) throws Bad {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n' || text.charAt(i) == '\r')) {
            i++;
        }
        if (i == text.length() || text.charAt(i) != '{') {
            throw notAnObject(text);
        }
        try {
            Object value = JacksonCodec.fromParser(STRICT.createParser(text), Object.class);
            JsonObject o = null;
            if (value instanceof JsonObject j) {
                o = j;
            } else if (value instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> members = (Map<String, Object>) m;
                o = new JsonObject(members);
            }
            if (o != null) {
                // raw control characters and bad UTF-8 are refused before; NUL and lone surrogates can only come as \\u escapes
                if (text.indexOf("\\u") >= 0 && !StorableJson.all(o)) {
                    throw new Bad(Reason.BAD_TEXT, "payload has a NUL character or a lone surrogate in a string");
                }
                return o;
            }
            throw new Bad(Reason.NOT_AN_OBJECT, "payload is not a JSON object");
        } catch (DecodeException e) {
            boolean dup = e.getCause() instanceof StreamReadException r && r.getMessage() != null
                    && r.getMessage().startsWith("Duplicate field");
            throw new Bad(dup ? Reason.DUPLICATE_MEMBER : Reason.NOT_JSON, dup ? "duplicate member" : "payload is not valid JSON");
        } catch (IOException e) {
            throw new Bad(Reason.NOT_JSON, "payload is not valid JSON");
        }
    }

    /** Why a payload that does not start with '{' is refused: not JSON at all, or JSON but not an object. */
    private static Bad notAnObject(String text) {
        try (JsonParser p = STRICT.createParser(text)) {
            p.nextToken();
            return new Bad(Reason.NOT_AN_OBJECT, "payload is not a JSON object");
        } catch (IOException e) {
            return new Bad(Reason.NOT_JSON, "payload is not valid JSON");
        }
    }

    private static ReaderMessage credential(JsonObject o) throws Bad {
        only(o, CREDENTIAL_MEMBERS, "");
        version(o);
        String msgId = msgId(o);
        long seq = seq(o, true);
        Instant ts = ts(o, true);
        CardRead card = card(requiredObject(o, "card"));
        String pin = null;
        if (o.containsKey("pin")) {
            Object p = o.getValue("pin");
            if (!(p instanceof String s)) {
                throw new Bad(Reason.WRONG_TYPE, "member 'pin' must be a string");
            }
            if (!PIN.matcher(s).matches()) {
                throw new Bad(Reason.OUT_OF_RANGE, "member 'pin' must be 4-8 digits");
            }
            pin = s;
        }
        Boolean bio = null;
        if (o.containsKey("bio")) {
            JsonObject b = requiredObject(o, "bio");
            only(b, Set.of("match", "template"), "bio.");
            if (!(b.getValue("match") instanceof Boolean m)) {
                throw new Bad(b.containsKey("match") ? Reason.WRONG_TYPE : Reason.MISSING_MEMBER, "member 'bio.match' must be true or false");
            }
            if (b.containsKey("template") && !(b.getValue("template") instanceof String t && t.length() <= 64)) {
                throw new Bad(Reason.WRONG_TYPE, "member 'bio.template' must be a string of at most 64 chars");
            }
            bio = m;
        }
        return new ReaderMessage.Credential(msgId, seq, ts, card, pin, bio);
    }

    private static CardRead card(JsonObject c) throws Bad {
        if (c.containsKey("raw") || c.containsKey("bits")) {
            only(c, Set.of("raw", "bits"), "card.");
            Object raw = c.getValue("raw");
            if (!(raw instanceof String hex)) {
                throw new Bad(raw == null ? Reason.MISSING_MEMBER : Reason.WRONG_TYPE, "member 'card.raw' must be a hex string");
            }
            long bits = integer(c, "bits", "card.bits", 1, 64);
            if (bits != 26 && bits != 35 && bits != 37) {
                throw new Bad(Reason.OUT_OF_RANGE, "member 'card.bits' must be 26, 35 or 37");
            }
            if (hex.length() != (bits + 7) / 8 * 2 || !hex.chars().allMatch(ReaderMessageParser::hexDigit)) {
                throw new Bad(Reason.OUT_OF_RANGE, "member 'card.raw' must be " + (bits + 7) / 8 * 2 + " hex digits for " + bits + " bits");
            }
            // A well-formed frame that fails parity or padding is a denied read, not a bad message.
            return Wiegand.decode(hex, (int) bits);
        }
        Object format = c.getValue("format");
        if (!(format instanceof String f)) {
            throw new Bad(format == null ? Reason.MISSING_MEMBER : Reason.WRONG_TYPE, "member 'card' needs 'format' or 'raw'");
        }
        return switch (f) {
            case "H10301" -> {
                only(c, Set.of("format", "facility", "number"), "card.");
                yield new CardRead.Decoded(CardNumber.h10301((int) integer(c, "facility", "card.facility", 0, 255),
                        integer(c, "number", "card.number", 0, 65_535)));
            }
            case "C1000" -> {
                only(c, Set.of("format", "company", "number"), "card.");
                yield new CardRead.Decoded(CardNumber.c1000((int) integer(c, "company", "card.company", 0, 4_095),
                        integer(c, "number", "card.number", 0, 1_048_575)));
            }
            default -> throw new Bad(Reason.OUT_OF_RANGE, "member 'card.format' must be H10301 or C1000");
        };
    }

    private static ReaderMessage status(JsonObject o) throws Bad {
        only(o, STATUS_MEMBERS, "");
        version(o);
        Object state = o.getValue("state");
        if (!(state instanceof String s)) {
            throw new Bad(state == null ? Reason.MISSING_MEMBER : Reason.WRONG_TYPE, "member 'state' must be a string");
        }
        if (!s.equals("online") && !s.equals("offline")) {
            throw new Bad(Reason.OUT_OF_RANGE, "member 'state' must be online or offline");
        }
        String fw = null;
        if (o.containsKey("fw")) {
            if (!(o.getValue("fw") instanceof String f && f.length() <= 32)) {
                throw new Bad(Reason.WRONG_TYPE, "member 'fw' must be a string of at most 32 chars");
            }
            fw = f;
        }
        Boolean tamper = null;
        if (o.containsKey("tamper")) {
            if (!(o.getValue("tamper") instanceof Boolean t)) {
                throw new Bad(Reason.WRONG_TYPE, "member 'tamper' must be true or false");
            }
            tamper = t;
        }
        Long seq = o.containsKey("seq") ? integer(o, "seq", "seq", 0, MAX_SEQ - 1) : null;
        return new ReaderMessage.Status(s.equals("online"), ts(o, false), fw, tamper, seq);
    }

    private static ReaderMessage event(JsonObject o) throws Bad {
        only(o, EVENT_MEMBERS, "");
        version(o);
        String msgId = msgId(o);
        long seq = seq(o, true);
        Instant ts = ts(o, true);
        Object type = o.getValue("type");
        if (!(type instanceof String t)) {
            throw new Bad(type == null ? Reason.MISSING_MEMBER : Reason.WRONG_TYPE, "member 'type' must be a string");
        }
        if (!EVENT_TYPES.contains(t)) {
            throw new Bad(Reason.OUT_OF_RANGE, "member 'type' must be one of " + EVENT_TYPES);
        }
        String detail = null;
        if (o.containsKey("detail")) {
            if (!(o.getValue("detail") instanceof String d && d.length() <= 256)) {
                throw new Bad(Reason.WRONG_TYPE, "member 'detail' must be a string of at most 256 chars");
            }
            detail = d;
        }
        return new ReaderMessage.Event(msgId, seq, ts, t, detail);
    }

    private static void only(JsonObject o, Set<String> allowed, String path) throws Bad {
        for (String k : o.fieldNames()) {
            if (!allowed.contains(k)) {
                throw new Bad(Reason.UNKNOWN_MEMBER, "unknown member '" + path + safe(k) + "'");
            }
        }
    }

    private static void version(JsonObject o) throws Bad {
        long v = integer(o, "v", "v", Long.MIN_VALUE, Long.MAX_VALUE);
        if (v != 1) {
            throw new Bad(Reason.UNSUPPORTED_VERSION, "member 'v' must be 1");
        }
    }

    private static String msgId(JsonObject o) throws Bad {
        Object m = o.getValue("msgId");
        if (!(m instanceof String s)) {
            throw new Bad(m == null ? Reason.MISSING_MEMBER : Reason.WRONG_TYPE, "member 'msgId' must be a string");
        }
        if (s.isEmpty() || s.length() > 64 || !printable(s)) {
            throw new Bad(Reason.OUT_OF_RANGE, "member 'msgId' must be 1-64 printable chars");
        }
        return s;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static long seq(JsonObject o, boolean required) throws Bad {
        return integer(o, "seq", "seq", 1, MAX_SEQ - 1);
    }

    private static Instant ts(JsonObject o, boolean required) throws Bad {
        Object t = o.getValue("ts");
        if (t == null) {
            if (required || o.containsKey("ts")) {
                throw new Bad(o.containsKey("ts") ? Reason.WRONG_TYPE : Reason.MISSING_MEMBER, "member 'ts' is required");
            }
            return null;
        }
        if (!(t instanceof String s) || !UtcMillis.wellFormed(s)) {
            throw new Bad(Reason.WRONG_TYPE, "member 'ts' must be RFC 3339 UTC with milliseconds");
        }
        Instant at = UtcMillis.parse(s);
        if (at == null) {
            throw new Bad(Reason.OUT_OF_RANGE, "member 'ts' is not a real instant");
        }
        return at;
    }

    private static JsonObject requiredObject(JsonObject o, String name) throws Bad {
        Object v = o.getValue(name);
        if (v == null) {
            throw new Bad(o.containsKey(name) ? Reason.WRONG_TYPE : Reason.MISSING_MEMBER, "member '" + name + "' is required");
        }
        if (!(v instanceof JsonObject j)) {
            throw new Bad(Reason.WRONG_TYPE, "member '" + name + "' must be an object");
        }
        return j;
    }

    private static long integer(JsonObject o, String name, String path, long min, long max) throws Bad {
        Object v = o.getValue(name);
        if (v == null) {
            throw new Bad(o.containsKey(name) ? Reason.WRONG_TYPE : Reason.MISSING_MEMBER, "member '" + path + "' is required");
        }
        if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
            throw new Bad(Reason.WRONG_TYPE, "member '" + path + "' must be an integer");
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            throw new Bad(Reason.OUT_OF_RANGE, "member '" + path + "' out of range");
        }
        return n;
    }

    /**
     * An ASCII hex digit: the datasheet's raw frame is a hex string. {@code Character.digit} alone also
     * takes the digits of other scripts (full-width, Arabic-Indic), which are not hex to the datasheet.
     */
    private static boolean hexDigit(int ch) {
        return ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F';
    }

    /** Member names come from the device: keep them short and printable in logs. */
    private static String safe(String s) {
        String t = (s.length() > 32 ? s.substring(0, 32) : s).replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 32 ? t + "…" : t; // the ellipsis after the masking, which would turn it into '?'
    }
}
