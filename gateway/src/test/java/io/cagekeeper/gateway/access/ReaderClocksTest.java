package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Each reader's clock offset, learnt from trusted samples, and the freshness judged on it. */
class ReaderClocksTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private final ReaderClocks clocks = new ReaderClocks();

    /** A sample of a reader whose clock is {@code behindMs} behind, delivered {@code delayMs} after it was sent. */
    private List<Long> sample(long behindMs, long delayMs, boolean clockSet) {
        Instant received = T0.plusSeconds(100);
        return clocks.sample("r1", received.minusMillis(behindMs + delayMs), received, clockSet);
    }

    @Test
    void aReaderNotHeardFromIsTakenAsRight() {
        assertThat(clocks.offsetMs("r1")).isZero();
        assertThat(clocks.age("r1", T0, T0.plusMillis(250))).isEqualTo(Duration.ofMillis(250));
        clocks.seed("r1", List.of());
        assertThat(clocks.offsetMs("r1")).as("seeded with nothing").isZero();
        assertThat(clocks.staleAsSample("r1", T0, T0.plusSeconds(600), LIMIT, false)).isFalse();
    }

    @Test
    void theOffsetIsTheSmallestRecentSample() {
        assertThat(sample(120_000, 40, false)).containsExactly(120_040L);
        assertThat(sample(120_000, 15, false)).containsExactly(120_040L, 120_015L);
        assertThat(sample(120_000, 900, false)).containsExactly(120_040L, 120_015L, 120_900L);
        assertThat(clocks.offsetMs("r1")).isEqualTo(120_015);
        assertThat(clocks.offsetMs("r2")).as("per reader").isZero();
    }

    @Test
    void keepsTheTenLatestSamplesOnly() {
        List<Long> kept = null;
        for (long i = 0; i < 11; i++) {
            kept = sample(5_000, i, false);
        }
        assertThat(kept).containsExactlyElementsOf(LongStream.rangeClosed(5_001, 5_010).boxed().toList());
        assertThat(clocks.offsetMs("r1")).as("the oldest, smallest sample has gone").isEqualTo(5_001);
    }

    @Test
    void aClockSetStartsAfresh() {
        sample(120_000, 10, false);
        assertThat(sample(0, 30, true)).containsExactly(30L);
        assertThat(clocks.offsetMs("r1")).isEqualTo(30);
    }

    @Test
    void aSeedKeepsTheLatestTenInOrder() {
        clocks.seed("r1", LongStream.rangeClosed(1, 12).boxed().toList());
        assertThat(clocks.offsetMs("r1")).isEqualTo(3);
        assertThat(clocks.sample("r1", T0, T0.plusMillis(50), false)).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 50L);
    }

    @Test
    void theAgeOfACredentialIsJudgedOnTheCorrectedClock() {
        clocks.seed("r1", List.of(120_000L));
        Instant read = T0.minusSeconds(120);
        assertThat(clocks.age("r1", read, T0.plusMillis(30))).isEqualTo(Duration.ofMillis(30));
        assertThat(clocks.age("r1", read, T0.minusMillis(30))).as("in the future").isEqualTo(Duration.ofMillis(-30));
    }

    @Test
    void aCredentialExactlyAtTheLimitIsFreshAndOneMillisecondMoreIsStale() {
        clocks.seed("r1", List.of(1_000L));
        Instant read = T0;
        assertThat(clocks.stale("r1", read, T0.plusMillis(11_000), LIMIT)).isFalse();
        assertThat(clocks.stale("r1", read, T0.plusMillis(11_001), LIMIT)).isTrue();
        assertThat(clocks.stale("r1", read, T0.minusMillis(9_000), LIMIT)).as("10 s in the future").isFalse();
        assertThat(clocks.stale("r1", read, T0.minusMillis(9_001), LIMIT)).as("further in the future").isTrue();
    }

    @Test
    void theFirstSampleOfAReaderTeachesTheClockInsteadOfBeingStale() {
        assertThat(clocks.staleAsSample("r1", T0.minusSeconds(600), T0, LIMIT, false)).isFalse();
    }

    @Test
    void aSampleDelayedByMoreThanTheLimitPastTheOffsetIsStale() {
        clocks.seed("r1", List.of(2_000L));
        assertThat(clocks.staleAsSample("r1", T0.minusMillis(12_000), T0, LIMIT, false)).isFalse();
        assertThat(clocks.staleAsSample("r1", T0.minusMillis(12_001), T0, LIMIT, false)).isTrue();
        assertThat(clocks.staleAsSample("r1", T0.minusMillis(12_001), T0, LIMIT, true)).as("a clock set is never stale").isFalse();
        assertThat(clocks.staleAsSample("r1", T0.plusSeconds(600), T0, LIMIT, false)).as("smaller than the offset").isFalse();
    }
}
