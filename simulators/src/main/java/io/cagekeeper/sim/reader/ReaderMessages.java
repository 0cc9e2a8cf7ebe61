package io.cagekeeper.sim.reader;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reader's payloads, serialised by hand in exactly the datasheet's member order, so that the bytes
 * the MAC covers are predictable: the reader serialises without {@code mac}, computes HMAC-SHA256 over
 * those UTF-8 bytes, then inserts {@code ,"mac":"<base64>"} just before the final {@code }}.
 */
final class ReaderMessages {

    static final String OFFLINE_WILL = "{\"v\":1,\"state\":\"offline\"}";

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ReaderMessages() {
    }

    static String credential(String msgId, long seq, Instant ts, Card card, String pinOrNull) {
        StringBuilder b = header(msgId, seq, ts).append(",\"card\":").append(card.toJson());
        if (pinOrNull != null) {
            b.append(",\"pin\":").append(string(pinOrNull));
        }
        if (card.bio() != null) {
            b.append(",\"bio\":{\"match\":").append(card.bio().match())
                    .append(",\"template\":").append(string(card.bio().template())).append('}');
        }
        return b.append('}').toString();
    }

    static String event(String msgId, long seq, Instant ts, String type, String detailOrNull) {
        StringBuilder b = header(msgId, seq, ts).append(",\"type\":").append(string(type));
        if (detailOrNull != null) {
            b.append(",\"detail\":").append(string(detailOrNull));
        }
        return b.append('}').toString();
    }

    static String status(boolean online, Instant ts, String firmware, boolean tamper, long seq) {
        return "{\"v\":1,\"state\":\"" + (online ? "online" : "offline") + "\",\"ts\":\"" + timestamp(ts)
                + "\",\"fw\":" + string(firmware) + ",\"tamper\":" + tamper + ",\"seq\":" + seq + "}";
    }

    /** The payload with its MAC inserted as the last member; unchanged when {@code keyOrNull} is null. */
    static byte[] signed(String json, byte[] keyOrNull) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (keyOrNull == null) {
            return body;
        }
        String mac = Base64.getEncoder().encodeToString(hmacSha256(keyOrNull, body));
        return (json.substring(0, json.length() - 1) + ",\"mac\":\"" + mac + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** Written by hand: the formatter built a ZoneRules per call (a load generator at 1,000/s felt it). */
    static String timestamp(Instant ts) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(ts.getEpochSecond(), ts.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return RFC3339_MILLIS.format(ts);
        }
        StringBuilder b = new StringBuilder(24);
        digits(b, t.getYear(), 4).append('-');
        digits(b, t.getMonthValue(), 2).append('-');
        digits(b, t.getDayOfMonth(), 2).append('T');
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2).append('.');
        return digits(b, t.getNano() / 1_000_000, 3).append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder b, int value, int width) {
        String v = Integer.toString(value);
        for (int i = v.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(v);
    }

    /** A JSON string literal. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static StringBuilder header(String msgId, long seq, Instant ts) {
        return new StringBuilder(256).append("{\"v\":1,\"msgId\":").append(string(msgId))
                .append(",\"seq\":").append(seq).append(",\"ts\":\"").append(timestamp(ts)).append('"');
    }
}
