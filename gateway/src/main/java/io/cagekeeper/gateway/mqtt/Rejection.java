package io.cagekeeper.gateway.mqtt;

/**
 * Why a device message was refused. {@code detail} is safe to log: it names members and limits,
 * never echoes a PIN or the payload.
 */
public record Rejection(Reason reason, String detail) {

    public enum Reason {
        TOO_LARGE, NOT_UTF8, NOT_JSON, NOT_AN_OBJECT, DUPLICATE_MEMBER, MISSING_MEMBER, WRONG_TYPE, OUT_OF_RANGE,
        UNKNOWN_MEMBER, UNSUPPORTED_VERSION, UNKNOWN_READER, BAD_TOPIC, MISSING_MAC, BAD_MAC, RATE_LIMITED,
        /** Text PostgreSQL cannot store (NUL, a lone surrogate): refused here, never passed on to the log. */
        BAD_TEXT,
        /** A credential or event published retained: the datasheet says never; it would replay on every reconnect. */
        RETAINED,
        /** A reader with no provisioned key that no setting allows to run unsigned. */
        NO_KEY
    }

    static Rejection of(Reason reason, String detail) {
        return new Rejection(reason, detail);
    }
}
