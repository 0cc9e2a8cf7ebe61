package io.cagekeeper.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class NightlyReconciliationTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN);
    }

    @Test
    void thePreviousDayIsTheSiteLocalDayEvenWhenItHas23Or25Hours() {
        Instant[] spring = NightlyReconciliation.previousDay(berlin("2026-03-30T02:30"));
        assertThat(spring).containsExactly(Instant.parse("2026-03-28T23:00:00Z"), Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(Duration.between(spring[0], spring[1])).isEqualTo(Duration.ofHours(23));
        Instant[] autumn = NightlyReconciliation.previousDay(berlin("2026-10-26T02:30"));
        assertThat(Duration.between(autumn[0], autumn[1])).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void theNextRunIsTodayWhenItsTimeIsStillAheadAndTomorrowOnceItHasPassed() {
        assertThat(NightlyReconciliation.untilNext(berlin("2026-11-03T01:00"), LocalTime.of(2, 30))).isEqualTo(Duration.ofMinutes(90));
        assertThat(NightlyReconciliation.untilNext(berlin("2026-11-03T02:30"), LocalTime.of(2, 30))).isEqualTo(Duration.ofHours(24));
        assertThat(NightlyReconciliation.untilNext(berlin("2026-11-03T02:31"), LocalTime.of(2, 30)))
                .isEqualTo(Duration.ofHours(24).minusMinutes(1));
    }

    @Test
    void aRunTimeInTheSpringGapMovesForwardAndTheNightBeforeTheChangeIsAnHourShorter() {
        // 02:30 does not exist on 2026-03-29 in Berlin: the run is at 03:30 CEST, 23 hours after 02:30 CET the night before
        assertThat(NightlyReconciliation.untilNext(berlin("2026-03-28T02:30"), LocalTime.of(2, 30))).isEqualTo(Duration.ofHours(24));
        assertThat(NightlyReconciliation.untilNext(berlin("2026-03-29T01:30"), LocalTime.of(2, 30))).isEqualTo(Duration.ofHours(1));
    }
}
