package io.cagekeeper.gateway.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusFlagsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final StatusFlags flags = new StatusFlags("m1", 2_000);

    private static ModuleSnapshot poll(int statusFlags, long uptime, Instant at) {
        return new ModuleSnapshot(0, 0, new int[8], statusFlags, uptime, at);
    }

    private static List<EventType> types(List<DoorEvent> events) {
        return events.stream().map(DoorEvent::type).toList();
    }

    @Test
    void aTripFoundAtConnectIsRecordedWithTheWindowSinceTheLastContact() {
        Instant now = T0.plusSeconds(30);
        List<DoorEvent> e = flags.observe(poll(ModuleSnapshot.FLAG_WATCHDOG_TRIPPED, 600, now), null, T0);
        assertThat(types(e)).containsExactly(EventType.MODULE_WATCHDOG_TRIPPED);
        assertThat(e.get(0).detail()).containsEntry("from", T0.toString()).containsEntry("to", now.toString())
                .containsEntry("watchdogMs", 2_000);
    }

    @Test
    void aPowerCycleSaysWhenTheUptimeRegisterPutsIt() {
        Instant now = T0.plusSeconds(30);
        List<DoorEvent> e = flags.observe(poll(ModuleSnapshot.FLAG_POWER_ON, 12, now), null, T0);
        assertThat(types(e)).containsExactly(EventType.MODULE_POWER_CYCLED);
        assertThat(e.get(0).detail()).containsEntry("poweredOnAt", now.minusSeconds(12).toString()).containsEntry("from", T0.toString());
    }

    @Test
    void eachFlagIsRecordedOnceUntilItIsSeenCleared() {
        assertThat(flags.observe(poll(1, 600, T0), null, null)).hasSize(1);
        assertThat(flags.observe(poll(1, 600, T0.plusMillis(100)), null, T0)).as("clearing failed: still the same trip").isEmpty();
        assertThat(flags.observe(poll(0, 600, T0.plusMillis(200)), null, T0)).isEmpty();
        assertThat(types(flags.observe(poll(1, 601, T0.plusSeconds(1)), null, T0))).containsExactly(EventType.MODULE_WATCHDOG_TRIPPED);
    }

    @Test
    void anUptimeThatWentBackIsARestartEvenWithoutTheFlag() {
        ModuleSnapshot before = poll(0, 500, T0);
        ModuleSnapshot after = poll(0, 3, T0.plusSeconds(5));
        assertThat(StatusFlags.restarted(after, before)).isTrue();
        assertThat(types(flags.observe(after, before, T0))).containsExactly(EventType.MODULE_POWER_CYCLED);
    }

    @Test
    void anUnknownLastContactLeavesTheWindowOpen() {
        assertThat(flags.observe(poll(1, 5, T0), null, null).get(0).detail()).doesNotContainKey("from");
    }
}
