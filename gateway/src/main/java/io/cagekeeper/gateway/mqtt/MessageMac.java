package io.cagekeeper.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reader MAC of reader-mqtt.md: HMAC-SHA256 over the payload bytes with the
 * {@code ,"mac":"..."} member removed, that member being the last one, just before the final brace.
 * The server removes exactly those bytes again; any other placement is a missing MAC.
 */
public final class MessageMac {

    private static final byte[] MARKER = ",\"mac\":\"".getBytes(StandardCharsets.US_ASCII);

    private MessageMac() {
    }

    /** The payload split into the signed bytes and the MAC text; {@code mac} is null when absent. */
    public record Split(byte[] signed, String mac) {
    }

    public static Split split(byte[] payload) {
        int n = payload.length;
        // ends with "}  — find the closing quote of the mac value, then the marker before it
        if (n < MARKER.length + 3 || payload[n - 1] != '}' || payload[n - 2] != '"') {
            return new Split(payload, null);
        }
        int valueEnd = n - 2;
        int i = valueEnd - 1;
        while (i >= 0 && isBase64(payload[i])) {
            i--;
        }
        int markerStart = i - MARKER.length + 1;
        if (markerStart < 1 || !Arrays.equals(payload, markerStart, i + 1, MARKER, 0, MARKER.length)) {
            return new Split(payload, null);
        }
        byte[] signed = new byte[markerStart + 1];
        System.arraycopy(payload, 0, signed, 0, markerStart);
        signed[markerStart] = '}';
        return new Split(signed, new String(payload, i + 1, valueEnd - i - 1, StandardCharsets.US_ASCII));
    }

    /** Constant-time check of a base64 MAC against the key. */
    public static boolean verify(byte[] key, byte[] signed, String macBase64) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(macBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(compute(key, signed), given);
    }

    public static byte[] compute(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean isBase64(byte b) {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/' || b == '=';
    }
}
