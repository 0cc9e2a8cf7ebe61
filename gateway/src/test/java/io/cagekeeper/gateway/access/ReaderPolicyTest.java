package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The freshness stage's clock-skew flag: a raw reader timestamp more than 30 s from the server's clock (reader-mqtt.md). */
class ReaderPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final ReaderPolicy trust = new ReaderPolicy(id -> null, Set.of(), Duration.ofSeconds(10), 1_000, Duration.ofSeconds(30));
    private final Metrics metrics = new Metrics();

    private List<String> flagged(Instant deviceTs, Instant receivedAt) {
        List<String> flags = new ArrayList<>();
        trust.flagSkew(deviceTs, receivedAt, flags, metrics);
        return flags;
    }

    @Test
    void aTimestampExactlyThirtySecondsOffIsNotSkewedAndOneMillisecondMoreIs() {
        assertThat(flagged(T0, T0.plusSeconds(30))).isEmpty();
        assertThat(flagged(T0, T0.minusSeconds(30))).isEmpty();
        assertThat(metrics.get("messages.clockSkew")).isZero();
        assertThat(flagged(T0, T0.plusMillis(30_001))).containsExactly("CLOCK_SKEW");
        assertThat(flagged(T0, T0.minusMillis(30_001))).as("a reader clock ahead").containsExactly("CLOCK_SKEW");
        assertThat(metrics.get("messages.clockSkew")).isEqualTo(2);
    }

    @Test
    void aMessageWithoutATimestampIsNotSkewed() {
        assertThat(flagged(null, T0)).isEmpty();
    }

    @Test
    void flagsAndCountsAMessageOnceHoweverOftenItIsJudged() {
        List<String> flags = new ArrayList<>(List.of("UNSIGNED"));
        trust.flagSkew(T0, T0.plusSeconds(90), flags, metrics);
        trust.flagSkew(T0, T0.plusSeconds(90), flags, metrics);
        assertThat(flags).containsExactly("UNSIGNED", "CLOCK_SKEW");
        assertThat(metrics.get("messages.clockSkew")).isEqualTo(1);
    }

    @Test
    void keepsItsOwnCopyOfTheUnsignedReaders() {
        Set<String> named = new HashSet<>(Set.of("r1"));
        ReaderPolicy p = new ReaderPolicy(id -> null, named, Duration.ofSeconds(10), 1_000, Duration.ofSeconds(30));
        named.add("r2");
        assertThat(p.unsigned()).containsExactly("r1");
    }
}
