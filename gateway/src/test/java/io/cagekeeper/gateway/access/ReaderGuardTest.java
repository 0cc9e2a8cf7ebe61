package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReaderGuardTest {

    @Test
    void admitsABurstThenTheSustainedRateOnly() {
        ReaderGuard g = new ReaderGuard(10, 5, 10, Duration.ofMinutes(1));
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (g.admit("r1", 0)) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(g.admit("r1", 100_000_000L)).isTrue(); // 0.1 s later: one more token
        assertThat(g.admit("r1", 100_000_000L)).isFalse();
        assertThat(g.admit("r2", 100_000_000L)).as("other readers are not affected").isTrue();
    }

    @Test
    void raisesOneBurstPerWindowWhenRejectsPassTheThreshold() {
        ReaderGuard g = new ReaderGuard(10, 5, 3, Duration.ofMinutes(1));
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(g.rejected("r1", t)).isZero();
        assertThat(g.rejected("r1", t.plusSeconds(1))).isZero();
        assertThat(g.rejected("r1", t.plusSeconds(2))).isZero();
        assertThat(g.rejected("r1", t.plusSeconds(3))).isEqualTo(4);
        assertThat(g.rejected("r1", t.plusSeconds(4))).isZero();
        // rejects spread thinner than the threshold never alarm
        assertThat(g.rejected("r2", t)).isZero();
        assertThat(g.rejected("r2", t.plusSeconds(120))).isZero();
    }

    private static int admitted(ReaderGuard g, String reader, long nowNanos, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (g.admit(reader, nowNanos)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void refillsAtTheRateInProportionToTheTimeElapsed() {
        ReaderGuard g = new ReaderGuard(10, 5, 10, Duration.ofMinutes(1));
        assertThat(admitted(g, "r1", 1_000_000_000L, 100)).isEqualTo(5);
        assertThat(admitted(g, "r1", 1_250_000_000L, 100)).as("0.25 s at 10/s: 2.5 tokens").isEqualTo(2);
        assertThat(admitted(g, "r1", 1_300_000_000L, 100)).as("the half token left and 0.05 s more").isEqualTo(1);
        assertThat(admitted(g, "r1", 1_399_000_000L, 100)).as("0.99 of a token").isZero();
    }

    @Test
    void neverHoldsMoreThanTheBurstHoweverLongTheReaderWasQuiet() {
        ReaderGuard g = new ReaderGuard(10, 3, 10, Duration.ofMinutes(1));
        assertThat(admitted(g, "r1", 0, 1)).isEqualTo(1);
        assertThat(admitted(g, "r1", 3_600_000_000_000L, 100)).isEqualTo(3);
    }

    @Test
    void aRejectExactlyOneWindowOldStillCounts() {
        ReaderGuard g = new ReaderGuard(10, 5, 2, Duration.ofSeconds(60));
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        g.rejected("r1", t);
        g.rejected("r1", t.plusSeconds(30));
        assertThat(g.rejected("r1", t.plusSeconds(60))).as("three within [t, t+60]").isEqualTo(3);
        ReaderGuard h = new ReaderGuard(10, 5, 2, Duration.ofSeconds(60));
        h.rejected("r1", t);
        h.rejected("r1", t.plusSeconds(30));
        assertThat(h.rejected("r1", t.plusMillis(60_001))).as("the first has left the window").isZero();
    }

    @Test
    void aBurstThatGoesOnRaisesAgainOnceTheLastAlarmIsAWindowOld() {
        ReaderGuard g = new ReaderGuard(10, 5, 1, Duration.ofSeconds(60));
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        g.rejected("r1", t);
        assertThat(g.rejected("r1", t.plusSeconds(1))).isEqualTo(2);
        assertThat(g.rejected("r1", t.plusSeconds(30))).isZero();
        assertThat(g.rejected("r1", t.plusSeconds(60))).isZero();
        assertThat(g.rejected("r1", t.plusSeconds(61))).as("the alarm at t+1 is exactly a window old").isEqualTo(4);
        assertThat(g.rejected("r2", t.plusSeconds(61))).as("per reader").isZero();
    }
}
