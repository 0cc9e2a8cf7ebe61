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
}
