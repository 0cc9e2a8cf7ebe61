package io.cagekeeper.sim.reader;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one simulated reader is provisioned. {@code hmacKeyOrNull} is the reader's 32-byte MAC key, or
 * null for a reader without one; it is copied in and out and never printed. {@code heartbeat} of zero
 * turns heartbeats off (for tests that count messages). {@code usernameOrNull}/{@code passwordOrNull} are
 * the reader's broker credentials (null: connect anonymously); the password is never printed.
 */
public record ReaderConfig(String brokerUri, String prefix, String site, String readerId, byte[] hmacKeyOrNull,
                           Duration heartbeat, String firmware, String usernameOrNull, String passwordOrNull) {

    public static final String DEFAULT_PREFIX = "cage";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
    public static final String DEFAULT_FIRMWARE = "1.4.2";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ReaderConfig {
        Objects.requireNonNull(brokerUri, "brokerUri");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(firmware, "firmware");
        requireName(site, "site");
        requireName(readerId, "readerId");
        if (hmacKeyOrNull != null) {
            if (hmacKeyOrNull.length != 32) {
                throw new IllegalArgumentException("an HMAC key is 32 bytes");
            }
            hmacKeyOrNull = hmacKeyOrNull.clone();
        }
        if (heartbeat == null || heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat must be zero (off) or positive");
        }
    }

    /** Without broker credentials (an anonymous client). */
    public ReaderConfig(String brokerUri, String prefix, String site, String readerId, byte[] hmacKeyOrNull,
                        Duration heartbeat, String firmware) {
        this(brokerUri, prefix, site, readerId, hmacKeyOrNull, heartbeat, firmware, null, null);
    }

    /** Defaults: prefix "cage", no MAC key, heartbeat 30 s, firmware "1.4.2", no broker credentials. */
    public static ReaderConfig of(String brokerUri, String site, String readerId) {
        return new ReaderConfig(brokerUri, DEFAULT_PREFIX, site, readerId, null, DEFAULT_HEARTBEAT, DEFAULT_FIRMWARE);
    }

    public ReaderConfig withHmacKey(byte[] key) {
        return new ReaderConfig(brokerUri, prefix, site, readerId, key, heartbeat, firmware, usernameOrNull, passwordOrNull);
    }

    public ReaderConfig withHeartbeat(Duration every) {
        return new ReaderConfig(brokerUri, prefix, site, readerId, hmacKeyOrNull, every, firmware, usernameOrNull, passwordOrNull);
    }

    public ReaderConfig withPrefix(String topicPrefix) {
        return new ReaderConfig(brokerUri, topicPrefix, site, readerId, hmacKeyOrNull, heartbeat, firmware, usernameOrNull,
                passwordOrNull);
    }

    public ReaderConfig withFirmware(String version) {
        return new ReaderConfig(brokerUri, prefix, site, readerId, hmacKeyOrNull, heartbeat, version, usernameOrNull, passwordOrNull);
    }

    /** Logs in to the broker as {@code username} with {@code password}. */
    public ReaderConfig withCredentials(String username, String password) {
        return new ReaderConfig(brokerUri, prefix, site, readerId, hmacKeyOrNull, heartbeat, firmware, username, password);
    }

    /** A copy of the key, or null. */
    @Override
    public byte[] hmacKeyOrNull() {
        return hmacKeyOrNull == null ? null : hmacKeyOrNull.clone();
    }

    /** {@code {prefix}/{site}/readers/{reader}/{leaf}}. */
    public String topic(String leaf) {
        return prefix + "/" + site + "/readers/" + readerId + "/" + leaf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReaderConfig c && brokerUri.equals(c.brokerUri) && prefix.equals(c.prefix)
                && site.equals(c.site) && readerId.equals(c.readerId) && Arrays.equals(hmacKeyOrNull, c.hmacKeyOrNull)
                && heartbeat.equals(c.heartbeat) && firmware.equals(c.firmware)
                && Objects.equals(usernameOrNull, c.usernameOrNull) && Objects.equals(passwordOrNull, c.passwordOrNull);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerUri, prefix, site, readerId, Arrays.hashCode(hmacKeyOrNull), heartbeat, firmware, usernameOrNull);
    }

    /** Never shows the key nor the password, only whether there is one. */
    @Override
    public String toString() {
        return "ReaderConfig[" + brokerUri + ", " + topic("*") + ", key=" + (hmacKeyOrNull == null ? "none" : "***")
                + ", user=" + (usernameOrNull == null ? "anonymous" : usernameOrNull + (passwordOrNull == null ? "" : ":***"))
                + ", heartbeat=" + heartbeat + ", fw=" + firmware + "]";
    }

    private static void requireName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match [A-Za-z0-9_-]{1,64}");
        }
    }
}
