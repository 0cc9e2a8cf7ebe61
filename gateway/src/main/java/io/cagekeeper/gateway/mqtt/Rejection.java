package io.cagekeeper.gateway.mqtt;

/**
 * Why a device message was refused. {@code detail} is safe to log: it names members and limits,
 * never echoes a PIN or the payload.
 */
public record Rejection(Reason reason, String detail) {

    public enum Reason {
        TOO_LARGE, NOT_UTF8, NOT_JSON, NOT_AN_OBJECT, DUPLICATE_MEMBER, MISSING_MEMBER, WRONG_TYPE, OUT_OF_RANGE,
        UNKNOWN_MEMBER, UNSUPPORTED_VERSION, UNKNOWN_READER, BAD_TOPIC, MISSING_MAC, BAD_MAC, RATE_LIMITED
    }

    static Rejection of(Reason reason, String detail) {
        return new Rejection(reason, detail);
    }
}
