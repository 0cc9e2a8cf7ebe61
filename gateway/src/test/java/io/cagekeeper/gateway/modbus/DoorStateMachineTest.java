package io.cagekeeper.gateway.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import io.cagekeeper.gateway.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoorStateMachineTest {

    // DO0 lock, DI0 position (closed contact = closed), DI1 REX, DI4 tamper (closed = intact)
    private static final DoorHardware HW = new DoorHardware("outer", "m1", 0, LockType.FAIL_SECURE, Duration.ofSeconds(5),
            0, 1, 4, -1, Duration.ofSeconds(30));
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final DoorStateMachine door = new DoorStateMachine(HW);
    private final int[] counters = new int[8];
    private int coils;
    private int inputs = 0b1_0001; // closed, tamper intact

    private final CounterBaseline baseline = new CounterBaseline();

    private List<DoorEvent> poll(long atMillis) {
        ModuleSnapshot s = new ModuleSnapshot(coils, inputs, counters.clone(), 0, atMillis / 1000, T0.plusMillis(atMillis));
        return door.observe(s, baseline.next(s.counters(), s.at()));
    }

    private void setInput(int ch, boolean closed) {
        boolean was = (inputs >>> ch & 1) == 1;
        if (was != closed) {
            counters[ch] = (counters[ch] + 1) & 0xFFFF;
        }
        inputs = closed ? inputs | 1 << ch : inputs & ~(1 << ch);
    }

    private static List<EventType> types(List<DoorEvent> events) {
        return events.stream().map(DoorEvent::type).toList();
    }

    @Test
    void reportsNothingOnTheFirstPoll() {
        assertThat(poll(0)).isEmpty();
    }

    @Test
    void recordsAnOpeningAfterAGrantAsAuthorised() {
        poll(0);
        door.released(T0.plusMillis(50));
        coils = 1;
        poll(100);
        setInput(0, false);
        List<DoorEvent> e = poll(200);
        assertThat(types(e)).containsExactly(EventType.DOOR_OPENED);
        assertThat(e.get(0).detail()).containsEntry("by", "grant");
        setInput(0, true);
        assertThat(types(poll(1200))).containsExactly(EventType.DOOR_CLOSED);
    }

    @Test
    void callsAnOpeningWithoutReleaseOrRexForced() {
        poll(0);
        setInput(0, false);
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void acceptsAnOpeningAfterRequestToExit() {
        poll(0);
        setInput(1, true);
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_REX);
        setInput(1, false);
        setInput(0, false);
        List<DoorEvent> e = poll(200);
        assertThat(types(e)).containsExactly(EventType.DOOR_OPENED);
        assertThat(e.get(0).detail()).containsEntry("by", "rex");
    }

    @Test
    void aRequestToExitAuthorizesOnePassageOnly() {
        poll(0);
        setInput(1, true);
        poll(100);
        setInput(1, false);
        setInput(0, false);
        assertThat(types(poll(200))).containsExactly(EventType.DOOR_OPENED);
        setInput(0, true);
        assertThat(types(poll(1200))).containsExactly(EventType.DOOR_CLOSED);
        setInput(0, false); // opened again, no new press, still within the REX shunt time
        assertThat(types(poll(1500))).containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void aGrantAuthorizesOnePassageOnce() {
        poll(0);
        door.released(T0.plusMillis(50));
        setInput(0, false);
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_OPENED);
        setInput(0, true);
        poll(800);
        setInput(0, false); // the lock relocked on close (coil off): a second opening is forced
        assertThat(types(poll(1000))).containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void raisesHeldOpenOncePerOpening() {
        poll(0);
        door.released(T0);
        setInput(0, false);
        poll(100);
        assertThat(types(poll(20_000))).isEmpty();
        assertThat(types(poll(30_200))).containsExactly(EventType.DOOR_HELD_OPEN);
        assertThat(types(poll(40_000))).isEmpty();
    }

    @Test
    void noticesAForcedOpeningThatHappenedBetweenPolls() {
        poll(0);
        setInput(0, false);
        setInput(0, true); // opened and closed again before the next poll
        List<DoorEvent> e = poll(100);
        assertThat(types(e)).containsExactly(EventType.DOOR_FORCED_OPEN, EventType.DOOR_CLOSED);
        assertThat(e.get(0).detail()).containsEntry("unseen", true);
    }

    @Test
    void countsChangesAcrossTheSixteenBitWrap() {
        counters[0] = 0xFFFF;
        poll(0);
        setInput(0, false);
        setInput(0, true);
        assertThat(counters[0]).isEqualTo(1);
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_FORCED_OPEN, EventType.DOOR_CLOSED);
    }

    @Test
    void manyUnseenOpeningsAfterALongGapAreOneOpeningThatSaysHowManyTimes() {
        poll(0);
        for (int i = 0; i < 40; i++) {
            setInput(0, i % 2 == 1);
        }
        List<DoorEvent> e = poll(5_000);
        assertThat(types(e)).containsExactly(EventType.DOOR_FORCED_OPEN, EventType.DOOR_CLOSED);
        assertThat(e.get(0).detail()).containsEntry("times", 20);
    }

    @Test
    void makesNoEventsFromCountersThatWentBackwards() {
        counters[0] = 5;
        poll(0);
        counters[0] = 0; // the module restarted without anyone seeing its power-on flag
        assertThat(types(poll(100))).isEmpty();
    }

    @Test
    void aLockReleasedByNobodyAuthorizesNoOpening() {
        poll(0);
        coils = 1; // someone else energised the strike
        door.releaseUnexpected(true);
        poll(100);
        setInput(0, false);
        List<DoorEvent> e = poll(200);
        assertThat(types(e)).containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void reportsTamperAndItsRestoration() {
        poll(0);
        setInput(4, false);
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_TAMPER);
        setInput(4, true);
        assertThat(types(poll(200))).containsExactly(EventType.DOOR_TAMPER_CLEARED);
    }
}
