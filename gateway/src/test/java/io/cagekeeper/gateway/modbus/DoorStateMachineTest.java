package io.cagekeeper.gateway.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import io.cagekeeper.gateway.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoorStateMachineTest {

    // DO0 lock, DI0 position (closed contact = closed), DI1 REX, DI4 tamper (closed = intact)
    private static final DoorHardware HW = new DoorHardware("outer", "m1", 0, LockType.FAIL_SECURE, Duration.ofSeconds(5),
            0, 1, 4, -1, Duration.ofSeconds(30));
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private DoorStateMachine door = new DoorStateMachine(HW);
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

    // --- boundaries of the datasheet's wiring and of the door's timers ------------------------------

    /** Another wiring: {@code inputsAtStart} is the contact state of the first poll. */
    private void use(DoorHardware hw, int inputsAtStart) {
        door = new DoorStateMachine(hw);
        inputs = inputsAtStart;
    }

    private static DoorHardware wiring(LockType lock, int position, int rex, int tamper, int fire) {
        return new DoorHardware("outer", "m1", 0, lock, Duration.ofSeconds(5), position, rex, tamper, fire, Duration.ofSeconds(30));
    }

    private void open() {
        setInput(0, false);
    }

    private void close() {
        setInput(0, true);
    }

    @Test
    void aForcedOpeningIsReportedOnceWhileTheDoorStaysOpenAndItsCloseOnce() {
        poll(0);
        open();
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_FORCED_OPEN);
        assertThat(door.isOpen()).isTrue();
        assertThat(door.openedAt()).isEqualTo(T0.plusMillis(100));
        assertThat(types(poll(200))).isEmpty();
        close();
        List<DoorEvent> closed = poll(300);
        assertThat(types(closed)).containsExactly(EventType.DOOR_CLOSED);
        assertThat(closed.get(0).source()).isEqualTo("door:outer");
        assertThat(closed.get(0).doorId()).isEqualTo("outer");
        assertThat(door.isOpen()).isFalse();
        assertThat(door.openedAt()).isNull();
        assertThat(types(poll(400))).isEmpty();
    }

    @Test
    void describesAForcedOpeningInWords() {
        poll(0);
        open();
        DoorEvent forced = poll(100).get(0);
        assertThat(forced.sentence()).isEqualTo("Door outer forced open: no release and no request to exit");
        assertThat(forced.detail()).isEmpty();
    }

    @Test
    void theCloseSaysHowLongTheDoorWasOpen() {
        poll(0);
        open();
        poll(200);
        close();
        DoorEvent closed = poll(7_900).get(0);
        assertThat(closed.detail()).isEqualTo(Map.of("openSeconds", 7L));
        assertThat(closed.sentence()).isEqualTo("Door outer closed");
    }

    @Test
    void reportsTheLockReleasedAndRelockedAsItsRelayMovesButNotAtTheFirstPoll() {
        coils = 1;
        assertThat(poll(0)).isEmpty();
        assertThat(door.isLockReleased()).isTrue();
        assertThat(door.initialised()).isTrue();
        coils = 0;
        List<DoorEvent> relocked = poll(100);
        assertThat(types(relocked)).containsExactly(EventType.DOOR_RELOCKED);
        assertThat(relocked.get(0).sentence()).isEqualTo("Door outer lock relocked");
        assertThat(door.isLockReleased()).isFalse();
        coils = 1;
        List<DoorEvent> released = poll(200);
        assertThat(types(released)).containsExactly(EventType.DOOR_RELEASED);
        assertThat(released.get(0).sentence()).isEqualTo("Door outer lock released");
        assertThat(types(poll(300))).isEmpty();
    }

    @Test
    void aFailSafeLockIsReleasedWhenItsRelayIsDeEnergised() {
        use(wiring(LockType.FAIL_SAFE, 0, 1, 4, -1), 0b1_0001);
        coils = 1;
        poll(0);
        assertThat(door.isLockReleased()).isFalse();
        open();
        assertThat(types(poll(100))).as("energised maglock: locked").containsExactly(EventType.DOOR_FORCED_OPEN);
        close();
        poll(200);
        coils = 0;
        assertThat(types(poll(300))).containsExactly(EventType.DOOR_RELEASED);
        assertThat(door.isLockReleased()).isTrue();
        open();
        List<DoorEvent> e = poll(400);
        assertThat(types(e)).containsExactly(EventType.DOOR_OPENED);
        assertThat(e.get(0).detail()).containsEntry("by", "grant");
    }

    @Test
    void anOpeningWhileTheModulesOwnPulseHoldsTheLockReleasedIsAuthorised() {
        poll(0);
        coils = 1; // the pulse the gateway started is still running after a gateway restart
        poll(100);
        open();
        List<DoorEvent> e = poll(200);
        assertThat(types(e)).containsExactly(EventType.DOOR_OPENED);
        assertThat(e.get(0).sentence()).isEqualTo("Door outer opened after a granted release");
        assertThat(e.get(0).detail()).isEqualTo(Map.of("by", "grant"));
    }

    /** The door opened at {@code atMillis} after a grant released at 0 (the relay not seen energised). */
    private List<DoorEvent> openedAfterAGrantAt(long atMillis) {
        poll(0);
        door.released(T0);
        open();
        return poll(atMillis);
    }

    /** The door opened at {@code atMillis} after a REX press seen at 100 ms only. */
    private List<DoorEvent> openedAfterARequestToExitAt(long atMillis) {
        poll(0);
        setInput(1, true);
        poll(100);
        setInput(1, false);
        open();
        return poll(atMillis);
    }

    @Test
    void aGrantAuthorizesAnOpeningUntilExactlyTheEndOfItsReleaseTime() {
        assertThat(types(openedAfterAGrantAt(5_000))).containsExactly(EventType.DOOR_OPENED);
    }

    @Test
    void aGrantDoesNotAuthorizeAnOpeningOneMillisecondAfterItsReleaseTime() {
        assertThat(types(openedAfterAGrantAt(5_001))).containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void aRequestToExitShuntsTheDoorUntilExactlyTheReleaseTimeAfterThePress() {
        List<DoorEvent> e = openedAfterARequestToExitAt(5_100);
        assertThat(types(e)).containsExactly(EventType.DOOR_OPENED);
        assertThat(e.get(0).sentence()).isEqualTo("Door outer opened after request to exit");
    }

    @Test
    void aRequestToExitDoesNotShuntTheDoorOneMillisecondLonger() {
        assertThat(types(openedAfterARequestToExitAt(5_101))).containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void aHeldRequestToExitIsOnePressAndKeepsTheDoorShunted() {
        poll(0);
        setInput(1, true);
        List<DoorEvent> pressed = poll(100);
        assertThat(types(pressed)).containsExactly(EventType.DOOR_REX);
        assertThat(pressed.get(0).sentence()).isEqualTo("Request to exit pressed at outer");
        assertThat(types(poll(4_000))).isEmpty();
        assertThat(types(poll(8_000))).isEmpty();
        setInput(1, false);
        open();
        assertThat(poll(13_000).get(0).detail()).as("5 s after the last poll that saw it pressed").containsEntry("by", "rex");
        setInput(1, true);
        assertThat(types(poll(14_000))).containsExactly(EventType.DOOR_REX);
    }

    @Test
    void aRequestToExitHeldAtTheFirstPollIsNoPressButShuntsTheDoor() {
        use(HW, 0b1_0011);
        assertThat(poll(0)).isEmpty();
        setInput(1, false);
        open();
        assertThat(poll(100).get(0).detail()).containsEntry("by", "rex");
    }

    @Test
    void aGrantAndARequestToExitTogetherAreRecordedAsTheGrant() {
        poll(0);
        door.released(T0);
        setInput(1, true);
        poll(100);
        open();
        assertThat(poll(200).get(0).detail()).containsEntry("by", "grant");
    }

    @Test
    void heldOpenExactlyAtTheLimitIsNotRaisedAndOneMillisecondMoreIs() {
        poll(0);
        open();
        poll(100);
        assertThat(types(poll(30_100))).isEmpty();
        List<DoorEvent> held = poll(30_101);
        assertThat(types(held)).containsExactly(EventType.DOOR_HELD_OPEN);
        assertThat(held.get(0).detail()).isEqualTo(Map.of("allowedSeconds", 30L));
        assertThat(held.get(0).sentence()).isEqualTo("Door outer held open longer than 30 s");
    }

    @Test
    void heldOpenIsRaisedAgainForTheNextOpening() {
        poll(0);
        open();
        poll(100);
        assertThat(types(poll(31_000))).containsExactly(EventType.DOOR_HELD_OPEN);
        close();
        poll(32_000);
        open();
        poll(33_000);
        assertThat(types(poll(63_000))).isEmpty();
        assertThat(types(poll(63_001))).containsExactly(EventType.DOOR_HELD_OPEN);
    }

    @Test
    void aDoorFoundOpenAtTheFirstPollIsHeldOpenCountedFromThatPoll() {
        use(HW, 0b1_0000);
        assertThat(poll(0)).isEmpty();
        assertThat(door.isOpen()).isTrue();
        assertThat(door.openedAt()).isEqualTo(T0);
        assertThat(types(poll(30_001))).containsExactly(EventType.DOOR_HELD_OPEN);
        close();
        assertThat(poll(40_000).get(0).detail()).isEqualTo(Map.of("openSeconds", 40L));
    }

    @Test
    void aDoorFoundClosedAtTheFirstPollHasNoOpeningTime() {
        poll(0);
        assertThat(door.isOpen()).isFalse();
        assertThat(door.openedAt()).isNull();
        assertThat(door.doorId()).isEqualTo("outer");
    }

    @Test
    void anUnseenOpeningIsDescribedAsOneBetweenPolls() {
        poll(0);
        open();
        close();
        List<DoorEvent> e = poll(100);
        assertThat(e.get(0).detail()).isEqualTo(Map.of("unseen", true));
        assertThat(e.get(0).sentence()).isEqualTo("Door outer forced open: no release and no request to exit (between polls)");
        assertThat(e.get(1).detail()).isEqualTo(Map.of("unseen", true));
        assertThat(e.get(1).sentence()).isEqualTo("Door outer closed (between polls)");
        assertThat(door.isOpen()).isFalse();
    }

    @Test
    void manyUnseenOpeningsSayHowManyTimesInWordsToo() {
        poll(0);
        for (int i = 0; i < 6; i++) {
            setInput(0, i % 2 == 1);
        }
        List<DoorEvent> e = poll(5_000);
        assertThat(e.get(0).detail()).isEqualTo(Map.of("unseen", true, "times", 3));
        assertThat(e.get(0).sentence()).endsWith("(between polls) 3 times");
        assertThat(e.get(1).sentence()).isEqualTo("Door outer closed (between polls) 3 times");
    }

    @Test
    void anOpeningSeenWithItsOwnCounterChangeIsNoUnseenOpening() {
        poll(0);
        open();
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_FORCED_OPEN);
        close();
        open();
        open(); // no change: the counter moved twice, the state not at all since the last poll
        assertThat(types(poll(200))).containsExactly(EventType.DOOR_CLOSED, EventType.DOOR_FORCED_OPEN);
        close();
        setInput(0, false);
        setInput(0, true);
        assertThat(types(poll(300))).as("one change seen, two unseen").containsExactly(EventType.DOOR_CLOSED, EventType.DOOR_FORCED_OPEN,
                EventType.DOOR_CLOSED);
    }

    @Test
    void anUnseenPassageAfterAGrantUsesTheGrantUp() {
        poll(0);
        door.released(T0);
        open();
        close();
        List<DoorEvent> e = poll(100);
        assertThat(types(e)).containsExactly(EventType.DOOR_OPENED, EventType.DOOR_CLOSED);
        assertThat(e.get(0).detail()).isEqualTo(Map.of("unseen", true, "by", "grant"));
        assertThat(e.get(0).sentence()).isEqualTo("Door outer opened after a granted release (between polls)");
        open();
        assertThat(types(poll(200))).as("within the release time, but the passage is over").containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void aDoorThatClosedAndWasPushedOpenAgainBetweenPollsIsForced() {
        poll(0);
        door.released(T0);
        open();
        poll(100);
        close();
        open();
        List<DoorEvent> e = poll(2_000);
        assertThat(types(e)).containsExactly(EventType.DOOR_CLOSED, EventType.DOOR_FORCED_OPEN);
        assertThat(e.get(1).detail()).isEqualTo(Map.of("unseen", true));
        assertThat(door.isOpen()).isTrue();
    }

    @Test
    void aDoorReopenedBetweenPollsIsHeldOpenCountedFromItsReopening() {
        poll(0);
        door.released(T0);
        open();
        poll(100);
        close();
        open();
        poll(20_000);
        assertThat(types(poll(30_200))).as("reopened about 10 s ago").isEmpty();
        assertThat(types(poll(50_001))).containsExactly(EventType.DOOR_HELD_OPEN);
        close();
        assertThat(poll(51_000).get(0).detail()).isEqualTo(Map.of("openSeconds", 31L));
    }

    @Test
    void aDoorReopenedBetweenPollsAfterItsHeldOpenAlarmIsHeldOpenAgain() {
        poll(0);
        open();
        poll(100);
        assertThat(types(poll(31_000))).containsExactly(EventType.DOOR_HELD_OPEN);
        close();
        open();
        assertThat(types(poll(32_000))).containsExactly(EventType.DOOR_CLOSED, EventType.DOOR_FORCED_OPEN);
        assertThat(types(poll(62_001))).as("the new opening, propped open").containsExactly(EventType.DOOR_HELD_OPEN);
    }

    @Test
    void aDoorReopenedBetweenPollsWhileItsLockIsStillReleasedIsNotForced() {
        poll(0);
        coils = 1;
        poll(100);
        open();
        poll(200);
        close();
        open();
        List<DoorEvent> e = poll(300);
        assertThat(types(e)).containsExactly(EventType.DOOR_CLOSED, EventType.DOOR_OPENED);
        assertThat(e.get(1).detail()).containsEntry("by", "grant");
    }

    @Test
    void anUnexpectedReleaseSaysSoAndOnceClearedTheRelayAuthorizesAgain() {
        poll(0);
        coils = 1;
        door.releaseUnexpected(true);
        poll(100);
        open();
        DoorEvent forced = poll(200).get(0);
        assertThat(forced.sentence()).contains("(the lock was released by someone other than the gateway)");
        close();
        poll(300);
        door.releaseUnexpected(false);
        poll(400);
        open();
        assertThat(types(poll(500))).containsExactly(EventType.DOOR_OPENED);
    }

    @Test
    void aFireAlarmReleasesTheDoorForEgressAndItsEndLocksItAgain() {
        use(wiring(LockType.FAIL_SECURE, 1, -1, -1, 0), 0b10);
        poll(0);
        assertThat(door.fireActive()).isFalse();
        setInput(0, true);
        List<DoorEvent> fire = poll(100);
        assertThat(types(fire)).containsExactly(EventType.FIRE_ALARM);
        assertThat(fire.get(0).sentence()).isEqualTo("Fire alarm: Door outer released for egress");
        assertThat(door.fireActive()).isTrue();
        setInput(1, false);
        List<DoorEvent> egress = poll(200);
        assertThat(types(egress)).containsExactly(EventType.DOOR_OPENED);
        assertThat(egress.get(0).detail()).isEqualTo(Map.of("by", "fire"));
        assertThat(egress.get(0).sentence()).isEqualTo("Door outer opened during a fire alarm (egress)");
        setInput(1, true);
        poll(300);
        setInput(0, false);
        List<DoorEvent> cleared = poll(400);
        assertThat(types(cleared)).containsExactly(EventType.FIRE_ALARM_CLEARED);
        assertThat(cleared.get(0).sentence()).isEqualTo("Fire alarm cleared: Door outer locks again");
        assertThat(door.fireActive()).isFalse();
        setInput(1, false);
        assertThat(types(poll(500))).containsExactly(EventType.DOOR_FORCED_OPEN);
    }

    @Test
    void aFireAlarmActiveAtTheFirstPollIsNoNewAlarmButReleasesTheDoor() {
        use(wiring(LockType.FAIL_SECURE, 1, -1, -1, 0), 0b11);
        assertThat(poll(0)).isEmpty();
        assertThat(door.fireActive()).isTrue();
        setInput(1, false);
        setInput(1, true);
        List<DoorEvent> e = poll(100);
        assertThat(e.get(0).sentence()).isEqualTo("Door outer opened during a fire alarm (egress) (between polls)");
        assertThat(e.get(0).detail()).isEqualTo(Map.of("unseen", true, "by", "fire"));
    }

    @Test
    void aRequestToExitOnTheFirstChannelIsRead() {
        use(wiring(LockType.FAIL_SECURE, 1, 0, -1, -1), 0b10);
        poll(0);
        setInput(0, true);
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_REX);
        setInput(0, false);
        setInput(1, false);
        assertThat(poll(200).get(0).detail()).containsEntry("by", "rex");
    }

    @Test
    void aTamperLoopOnTheFirstChannelIsRead() {
        use(wiring(LockType.FAIL_SECURE, 1, -1, 0, -1), 0b11);
        poll(0);
        setInput(0, false);
        List<DoorEvent> tamper = poll(100);
        assertThat(types(tamper)).containsExactly(EventType.DOOR_TAMPER);
        assertThat(tamper.get(0).sentence()).isEqualTo("Tamper loop of outer opened");
        assertThat(door.isTamperOpen()).isTrue();
        setInput(0, true);
        List<DoorEvent> restored = poll(200);
        assertThat(restored.get(0).sentence()).isEqualTo("Tamper loop of outer restored");
        assertThat(door.isTamperOpen()).isFalse();
    }

    @Test
    void aTamperLoopFoundOpenAtTheFirstPollIsNoNewAlarmUntilItIsRestored() {
        use(HW, 0b0_0001);
        assertThat(poll(0)).isEmpty();
        assertThat(door.isTamperOpen()).isTrue();
        assertThat(types(poll(100))).isEmpty();
        setInput(4, true);
        assertThat(types(poll(200))).containsExactly(EventType.DOOR_TAMPER_CLEARED);
    }

    @Test
    void aDoorWiredWithoutInputsReportsNothingButItsLock() {
        use(wiring(LockType.FAIL_SECURE, -1, -1, -1, -1), 0);
        assertThat(poll(0)).isEmpty();
        inputs = 0x8000_00FF; // bit 31 too: what a negative channel would read
        assertThat(poll(100)).isEmpty();
        inputs = 0;
        assertThat(poll(200)).isEmpty();
        assertThat(door.isOpen()).isFalse();
        assertThat(door.isTamperOpen()).isFalse();
        assertThat(door.fireActive()).isFalse();
        coils = 1;
        assertThat(types(poll(300))).containsExactly(EventType.DOOR_RELEASED);
    }

    @Test
    void isNotInitialisedBeforeItsFirstPoll() {
        assertThat(door.initialised()).isFalse();
        poll(0);
        assertThat(door.initialised()).isTrue();
    }

    /**
     * Inputs and counters are two reads (FC 02, FC 04): a door that closes again between them shows open
     * with a counter that already moved twice. That is the opening seen now and the close seen next poll,
     * not an unseen passage as well.
     */
    @Test
    void aCounterOneChangeAheadOfTheInputsInventsNoUnseenPassage() {
        poll(0);
        inputs &= ~1;
        counters[0] += 2;
        assertThat(types(poll(100))).containsExactly(EventType.DOOR_FORCED_OPEN);
        inputs |= 1;
        assertThat(types(poll(200))).containsExactly(EventType.DOOR_CLOSED);
    }
}
