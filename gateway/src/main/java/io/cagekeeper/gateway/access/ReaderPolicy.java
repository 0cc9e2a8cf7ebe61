package io.cagekeeper.gateway.access;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * How far the gateway trusts what readers send.
 *
 * @param keys          a reader's 32-byte HMAC key, or null when it has none provisioned
 * @param unsigned      readers allowed to run without a key (each named in a setting, warned about at
 *                      start and in health); every other reader without a key is refused
 * @param freshness     a credential read longer ago than this (on the reader's corrected clock) is STALE
 *                      and never opens a door: the reader shows an answer only within 10 s of the read
 * @param maxSeqJump    a seq jump larger than this is not believed until the next message confirms it
 * @param skewTolerance a raw reader timestamp further than this from the server clock flags CLOCK_SKEW
 */
public record ReaderPolicy(Function<String, byte[]> keys, Set<String> unsigned, Duration freshness, long maxSeqJump,
                           Duration skewTolerance) {

    public ReaderPolicy {
        unsigned = Set.copyOf(unsigned);
    }

    /** Flags (once) a raw reader timestamp further than {@code skewTolerance} from the server clock. */
    void flagSkew(java.time.Instant deviceTs, java.time.Instant receivedAt, java.util.List<String> flags, Metrics metrics) {
        if (deviceTs != null && Duration.between(deviceTs, receivedAt).abs().compareTo(skewTolerance) > 0 && !flags.contains("CLOCK_SKEW")) {
            flags.add("CLOCK_SKEW");
            metrics.increment("messages.clockSkew");
        }
    }
}
