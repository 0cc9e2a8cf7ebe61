package io.cagekeeper.gateway.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CounterBaselineTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final CounterBaseline baseline = new CounterBaseline();

    private static int[] counters(int di0) {
        int[] c = new int[8];
        c[0] = di0;
        return c;
    }

    @Test
    void theFirstPollIsTheBaselineAndMovesNothing() {
        assertThat(baseline.next(counters(1234), T0).moved(0)).isZero();
    }

    @Test
    void believesAsManyChangesAsTheDebounceAllows() {
        baseline.next(counters(10), T0);
        CounterBaseline.Deltas d = baseline.next(counters(16), T0.plusMillis(100)); // at most 100/20 + 1 = 6
        assertThat(d.moved(0)).isEqualTo(6);
        assertThat(d.faults()).isEmpty();
    }

    @Test
    void countsAcrossTheSixteenBitWrap() {
        baseline.next(counters(0xFFFF), T0);
        assertThat(baseline.next(counters(1), T0.plusMillis(100)).moved(0)).isEqualTo(2);
    }

    @Test
    void aCounterThatWentBackwardsIsAFaultReportedOnceAndMovesNothing() {
        baseline.next(counters(5), T0);
        CounterBaseline.Deltas d = baseline.next(counters(0), T0.plusMillis(100)); // 0 - 5 wraps to 65531
        assertThat(d.moved(0)).isZero();
        assertThat(d.faults()).containsExactly(new CounterBaseline.Fault(0, 65531, 6));
        assertThat(baseline.next(counters(1), T0.plusMillis(200)).moved(0)).isEqualTo(1);
    }

    @Test
    void aModuleThatKeepsReportingNonsenseIsReportedOncePerEpisode() {
        baseline.next(counters(0), T0);
        assertThat(baseline.next(counters(30_000), T0.plusMillis(100)).faults()).hasSize(1);
        assertThat(baseline.next(counters(60_000), T0.plusMillis(200)).faults()).isEmpty();
        assertThat(baseline.next(counters(60_000), T0.plusMillis(300)).faults()).isEmpty(); // a sane poll ends the episode
        assertThat(baseline.next(counters(20_000), T0.plusMillis(400)).faults()).hasSize(1);
    }

    @Test
    void aPowerOnRestartsTheBaselineAtZeroSoTheCycleInventsNothing() {
        baseline.next(counters(2), T0);
        baseline.powerOn(T0.plusMillis(2_000));
        CounterBaseline.Deltas d = baseline.next(counters(0), T0.plusMillis(3_000));
        assertThat(d.moved(0)).isZero();
        assertThat(d.faults()).isEmpty();
    }

    @Test
    void changesSinceThePowerOnStillCount() {
        baseline.next(counters(40), T0);
        baseline.powerOn(T0.plusMillis(2_000));
        assertThat(baseline.next(counters(2), T0.plusMillis(3_000)).moved(0)).as("opened and closed after the power-on").isEqualTo(2);
    }

    @Test
    void aPowerOnBeforeAnyPollIsABaselineOfZero() {
        baseline.powerOn(T0);
        assertThat(baseline.next(counters(1), T0.plusMillis(500)).moved(0)).isEqualTo(1);
    }

    @Test
    void aLongGapAllowsMoreChangesButNeverMoreThanTheDebounceAllows() {
        baseline.next(counters(0), T0);
        assertThat(baseline.next(counters(251), T0.plusSeconds(5)).moved(0)).isEqualTo(251);
        assertThat(baseline.next(counters(253), T0.plusMillis(5_040)).faults()).isEmpty(); // 40 ms: at most 3
        assertThat(baseline.next(counters(300), T0.plusMillis(5_060)).faults()).hasSize(1);
    }
}
