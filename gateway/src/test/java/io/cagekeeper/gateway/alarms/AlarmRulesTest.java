package io.cagekeeper.gateway.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmRulesTest {

    private static GatewayEvent door(EventType t) {
        return GatewayEvent.door("k", t, "outer", Instant.EPOCH, "s", Map.of());
    }

    @Test
    void aForcedDoorRaisesACriticalAlarmThatClosingDoesNotClear() {
        assertThat(AlarmRules.actionsFor(door(EventType.DOOR_FORCED_OPEN)))
                .containsExactly(new AlarmAction(AlarmAction.Kind.RAISE, "door:outer:FORCED_OPEN", "DOOR_FORCED_OPEN", Severity.CRITICAL, "s"));
        assertThat(AlarmRules.actionsFor(door(EventType.DOOR_CLOSED)))
                .containsExactly(new AlarmAction(AlarmAction.Kind.CLEAR, "door:outer:HELD_OPEN", null, null, null));
    }

    @Test
    void tamperIsRaisedAndClearedOnTheSameKey() {
        var raised = AlarmRules.actionsFor(door(EventType.DOOR_TAMPER)).get(0);
        var cleared = AlarmRules.actionsFor(door(EventType.DOOR_TAMPER_CLEARED)).get(0);
        assertThat(raised.kind()).isEqualTo(AlarmAction.Kind.RAISE);
        assertThat(cleared.kind()).isEqualTo(AlarmAction.Kind.CLEAR);
        assertThat(cleared.alarmKey()).isEqualTo(raised.alarmKey());
    }

    @Test
    void aGrantRaisesNothing() {
        GatewayEvent grant = new GatewayEvent("k", EventType.ACCESS_GRANTED, "reader:r1", "outer", 1L, null, Instant.EPOCH,
                null, null, "GRANT", null, null, null, "ok", null, null);
        assertThat(AlarmRules.actionsFor(grant)).isEmpty();
    }

    private static GatewayEvent reader(EventType t, String... flags) {
        return new GatewayEvent("k", t, "reader:r1", "outer", 1L, null, Instant.EPOCH, null, null, null, null, null, null, "s",
                java.util.List.of(flags), null);
    }

    @Test
    void aSilentReaderAndAnOfflineReaderAreTwoAlarmsEachWithItsOwnName() {
        var silent = AlarmRules.actionsFor(reader(EventType.READER_SILENT)).get(0);
        var offline = AlarmRules.actionsFor(reader(EventType.READER_OFFLINE)).get(0);
        assertThat(silent.alarmKey()).isEqualTo("reader:r1:SILENT");
        assertThat(silent.type()).isEqualTo("READER_SILENT");
        assertThat(offline.alarmKey()).isEqualTo("reader:r1:OFFLINE");
        assertThat(offline.type()).isEqualTo("READER_OFFLINE");
    }

    @Test
    void anUnverifiedOnlineStatusClearsNothingButAFreshSignedHeartbeatClearsBoth() {
        assertThat(AlarmRules.actionsFor(reader(EventType.READER_ONLINE, "UNVERIFIED"))).isEmpty();
        assertThat(AlarmRules.actionsFor(reader(EventType.READER_ONLINE, "UNSIGNED")))
                .extracting(AlarmAction::alarmKey).containsExactly("reader:r1:OFFLINE");
        assertThat(AlarmRules.actionsFor(reader(EventType.READER_HEARTBEAT)))
                .extracting(AlarmAction::alarmKey).containsExactly("reader:r1:OFFLINE", "reader:r1:SILENT");
        assertThat(AlarmRules.actionsFor(reader(EventType.READER_HEARTBEAT, "STALE"))).isEmpty();
    }

    @Test
    void replaysRetainedMessagesJumpsAndFloodsRaiseAlarms() {
        assertThat(AlarmRules.actionsFor(reader(EventType.CREDENTIAL_REPLAY)).get(0).severity()).isEqualTo(Severity.CRITICAL);
        for (EventType t : new EventType[] {EventType.RETAINED_MESSAGE, EventType.READER_SEQ_JUMP, EventType.READER_RATE_LIMITED}) {
            assertThat(AlarmRules.actionsFor(reader(t))).extracting(AlarmAction::kind).containsExactly(AlarmAction.Kind.RAISE);
        }
    }

    @Test
    void aQuarantinedEventRaisesOneMajorAlarmThatRepeatsRatherThanMultiplies() {
        GatewayEvent notice = new GatewayEvent("quarantine:1", EventType.EVENT_QUARANTINED, "event-log", null, null, null,
                Instant.EPOCH, null, null, null, null, null, null, "refused", null, null);
        assertThat(AlarmRules.actionsFor(notice)).containsExactly(
                new AlarmAction(AlarmAction.Kind.RAISE, "event-log:QUARANTINE", "EVENT_QUARANTINED", Severity.MAJOR, "refused"));
    }

    @Test
    void aVisitNotCheckedOutByItsEndRaisesAMajorAlarmKeyedByTheVisit() {
        GatewayEvent overdue = new GatewayEvent("visit-overdue:v-1", EventType.VISIT_OVERDUE, "visit:v-1", null, null, null,
                Instant.EPOCH, "18:50001", "p-vera", null, null, null, null, "not checked out", null, null);
        assertThat(AlarmRules.actionsFor(overdue)).containsExactly(
                new AlarmAction(AlarmAction.Kind.RAISE, "visit:v-1:OVERDUE", "VISIT_OVERDUE", Severity.MAJOR, "not checked out"));
    }

    private static GatewayEvent module(EventType t) {
        return new GatewayEvent("k", t, "module:m1", null, null, null, Instant.EPOCH, null, null, null, null, null, null, "s", null, null);
    }

    @Test
    void anUnexpectedReleaseIsCriticalAndARelockDoesNotClearIt() {
        assertThat(AlarmRules.actionsFor(door(EventType.UNEXPECTED_RELEASE)))
                .containsExactly(AlarmAction.raise("door:outer:UNEXPECTED_RELEASE", "UNEXPECTED_RELEASE", Severity.CRITICAL, "s"));
        assertThat(AlarmRules.actionsFor(door(EventType.DOOR_RELOCKED)))
                .noneMatch(a -> a.alarmKey().equals("door:outer:UNEXPECTED_RELEASE"));
    }

    @Test
    void aFailedRelockAndAFailedFireRestoreStandUntilTheRelockIsReadBack() {
        var relock = AlarmRules.actionsFor(door(EventType.RELOCK_FAILED)).get(0);
        var restore = AlarmRules.actionsFor(door(EventType.FIRE_RESTORE_FAILED)).get(0);
        assertThat(relock.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(restore.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(AlarmRules.actionsFor(door(EventType.DOOR_RELOCKED))).containsExactly(
                AlarmAction.clear(relock.alarmKey()), AlarmAction.clear(restore.alarmKey()));
    }

    @Test
    void anUnconfirmedReleaseIsRaised() {
        assertThat(AlarmRules.actionsFor(door(EventType.RELEASE_UNCONFIRMED)))
                .containsExactly(AlarmAction.raise("door:outer:RELEASE_UNCONFIRMED", "RELEASE_UNCONFIRMED", Severity.MAJOR, "s"));
    }

    @Test
    void moduleConfigurationDriftAndAWatchdogTripAreRaisedOnTheModule() {
        assertThat(AlarmRules.actionsFor(module(EventType.MODULE_CONFIG_MISMATCH)))
                .containsExactly(AlarmAction.raise("module:m1:CONFIG_MISMATCH", "MODULE_CONFIG_MISMATCH", Severity.MAJOR, "s"));
        assertThat(AlarmRules.actionsFor(module(EventType.MODULE_WATCHDOG_TRIPPED)).get(0).kind()).isEqualTo(AlarmAction.Kind.RAISE);
    }

    @Test
    void aCloseOrRelockReportedForNoDoorClearsNothing() {
        assertThat(AlarmRules.actionsFor(module(EventType.DOOR_CLOSED))).isEmpty();
        assertThat(AlarmRules.actionsFor(module(EventType.DOOR_RELOCKED))).isEmpty();
    }

    @Test
    void aHeartbeatOrBootThatJumpedOrCameLateProvesNothing() {
        assertThat(AlarmRules.actionsFor(reader(EventType.READER_HEARTBEAT, "SEQ_JUMP"))).isEmpty();
        assertThat(AlarmRules.actionsFor(reader(EventType.READER_BOOT, "STALE"))).isEmpty();
        assertThat(AlarmRules.actionsFor(reader(EventType.READER_BOOT, "UNSIGNED")))
                .containsExactly(AlarmAction.clear("reader:r1:OFFLINE"), AlarmAction.clear("reader:r1:SILENT"));
    }

    @Test
    void everyConditionIsRaisedUnderItsOwnKeyTypeAndSeverity() {
        Object[][] table = {
                {EventType.DOOR_HELD_OPEN, "HELD_OPEN", Severity.MAJOR},
                {EventType.FIRE_ALARM, "FIRE", Severity.CRITICAL},
                {EventType.MODULE_OFFLINE, "OFFLINE", Severity.CRITICAL},
                {EventType.MODULE_WATCHDOG_TRIPPED, "WATCHDOG", Severity.MAJOR},
                {EventType.READER_OFFLINE, "OFFLINE", Severity.MAJOR},
                {EventType.READER_SILENT, "SILENT", Severity.MAJOR},
                {EventType.CREDENTIAL_REPLAY, "REPLAY", Severity.CRITICAL},
                {EventType.READER_SEQ_JUMP, "SEQ_JUMP", Severity.MAJOR},
                {EventType.RETAINED_MESSAGE, "RETAINED", Severity.MAJOR},
                {EventType.READER_RATE_LIMITED, "RATE_LIMITED", Severity.MAJOR},
                {EventType.READER_TAMPER, "TAMPER", Severity.CRITICAL},
                {EventType.LOG_GAP, "LOG_GAP", Severity.MAJOR},
                {EventType.READER_REJECT_BURST, "REJECTS", Severity.MAJOR},
        };
        for (Object[] row : table) {
            EventType t = (EventType) row[0];
            assertThat(AlarmRules.actionsFor(reader(t))).as(t.name())
                    .containsExactly(AlarmAction.raise("reader:r1:" + row[1], t.name(), (Severity) row[2], "s"));
        }
    }

    @Test
    void theEndOfEachConditionClearsTheKeyItWasRaisedUnder() {
        Object[][] table = {
                {EventType.FIRE_ALARM_CLEARED, "FIRE"},
                {EventType.MODULE_ONLINE, "OFFLINE"},
                {EventType.READER_TAMPER_CLEARED, "TAMPER"},
        };
        for (Object[] row : table) {
            assertThat(AlarmRules.actionsFor(reader((EventType) row[0]))).as(row[0].toString())
                    .containsExactly(AlarmAction.clear("reader:r1:" + row[1]));
        }
    }
}
