package io.cagekeeper.gateway.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollPlanTest {

    private static final int[] QUIET = {4, 0, 2, 0, 0, 0, 0, 0};
    private static final ModuleSnapshot PREVIOUS = new ModuleSnapshot(0, 0b101, QUIET.clone(), 0, 100, Instant.EPOCH);

    private static PollPlan steady() {
        return new PollPlan(false, false, PREVIOUS, false);
    }

    @Test
    void aQuietModuleIsPolledWithTheCountersAlone() {
        assertThat(steady().readInputs(QUIET.clone(), 0)).isFalse();
        assertThat(steady().readCoils(0)).isFalse();
    }

    @Test
    void readsTheInputsWhenACounterMoved() {
        int[] moved = QUIET.clone();
        moved[2] = 3;
        assertThat(steady().readInputs(moved, 0)).isTrue();
    }

    @Test
    void readsTheInputsOnceMoreAfterACounterMoved() {
        assertThat(new PollPlan(false, false, PREVIOUS, true).readInputs(QUIET.clone(), 0)).isTrue();
    }

    @Test
    void readsTheInputsWhenACounterWrappedAllTheWayRound() {
        int[] wrapped = QUIET.clone();
        wrapped[0] = (4 + 65_536) & 0xFFFF; // equal again: only a full poll can tell, and it comes within a second
        assertThat(steady().readInputs(wrapped, 0)).isFalse();
        assertThat(new PollPlan(true, false, PREVIOUS, false).readInputs(wrapped, 0)).isTrue();
    }

    @Test
    void readsTheRelaysWhileADoorIsReleasedOrAfterACommand() {
        assertThat(new PollPlan(false, true, PREVIOUS, false).readCoils(0)).isTrue();
    }

    @Test
    void readsEverythingWhenTheModuleReportsAWatchdogTripOrAPowerCycle() {
        assertThat(steady().readCoils(ModuleSnapshot.FLAG_WATCHDOG_TRIPPED)).isTrue();
        assertThat(steady().readInputs(QUIET.clone(), ModuleSnapshot.FLAG_POWER_ON)).isTrue();
    }

    @Test
    void readsEverythingAtTheFirstPollAndAtEachFullPoll() {
        assertThat(PollPlan.everything().readCoils(0)).isTrue();
        assertThat(PollPlan.everything().readInputs(QUIET.clone(), 0)).isTrue();
        PollPlan full = new PollPlan(true, false, PREVIOUS, false);
        assertThat(full.readCoils(0)).isTrue();
        assertThat(full.readInputs(QUIET.clone(), 0)).isTrue();
    }
}
