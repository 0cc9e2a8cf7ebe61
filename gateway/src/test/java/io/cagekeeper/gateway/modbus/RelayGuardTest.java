package io.cagekeeper.gateway.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import io.cagekeeper.gateway.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayGuardTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final DoorHardware MAGLOCK = new DoorHardware("d1", "m1", 0, LockType.FAIL_SAFE, Duration.ofSeconds(5),
            0, 1, -1, 7, Duration.ofSeconds(30));
    private final RelayGuard guard = new RelayGuard(MAGLOCK, Duration.ofMillis(600));

    private static List<EventType> types(List<DoorEvent> events) {
        return events.stream().map(DoorEvent::type).toList();
    }

    @Test
    void aReleaseWithinAGrantIsExpected() {
        guard.releaseConfirmed(T0);
        assertThat(guard.observe(true, T0.plusSeconds(4))).isEqualTo(RelayGuard.Verdict.NOTHING);
        assertThat(guard.authorizes(T0.plusMillis(5_500))).isTrue();
    }

    @Test
    void aReleaseNobodyCommandedIsRaisedOnceAndRelocked() {
        RelayGuard.Verdict v = guard.observe(true, T0);
        assertThat(types(v.events())).containsExactly(EventType.UNEXPECTED_RELEASE);
        assertThat(v.relock()).isTrue();
        assertThat(guard.unexpected()).isTrue();
        assertThat(guard.authorizes(T0)).isFalse();
        RelayGuard.Verdict again = guard.observe(true, T0.plusMillis(100));
        assertThat(again.events()).isEmpty();
        assertThat(again.relock()).isTrue();
    }

    @Test
    void aReleaseThatOutlivesItsGrantIsUnexpected() {
        guard.releaseConfirmed(T0);
        assertThat(types(guard.observe(true, T0.plusSeconds(6)).events())).containsExactly(EventType.UNEXPECTED_RELEASE);
    }

    @Test
    void relocksAndVerifiesAfterAReleaseWhoseReplyWasLost() {
        assertThat(types(guard.releaseUnconfirmed("timeout"))).containsExactly(EventType.RELEASE_UNCONFIRMED);
        assertThat(guard.relockPending()).isTrue();
        assertThat(guard.authorizes(T0)).as("a release nobody confirmed authorizes no opening").isFalse();
        // a reading that shows it released meanwhile is our own relock not done yet: retried, not an intrusion
        RelayGuard.Verdict v = guard.observe(true, T0);
        assertThat(v.events()).isEmpty();
        assertThat(v.relock()).isTrue();
        assertThat(guard.relockResult(null)).isEmpty();
        assertThat(guard.relockPending()).isFalse();
    }

    @Test
    void aRelockThatFailsIsAlarmedOnceAndClearedWhenReadBackLocked() {
        guard.releaseEnded(T0);
        assertThat(types(guard.relockResult("timeout"))).containsExactly(EventType.RELOCK_FAILED);
        assertThat(guard.relockResult("timeout")).isEmpty();
        assertThat(guard.retryDelay()).isEqualTo(Duration.ofMillis(200));
        List<DoorEvent> done = guard.relockResult(null);
        assertThat(types(done)).containsExactly(EventType.DOOR_RELOCKED);
        assertThat(done.get(0).detail()).containsEntry("verified", true).containsEntry("failedAttempts", 2);
    }

    @Test
    void retriesNoFasterThanEveryTenthOfASecondAndNoSlowerThanASecond() {
        guard.releaseEnded(T0);
        guard.relockResult("x");
        assertThat(guard.retryDelay()).isEqualTo(Duration.ofMillis(100));
        for (int i = 0; i < 10; i++) {
            guard.relockResult("x");
        }
        assertThat(guard.retryDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void keepsTheFireHoldUntilTheRestoreIsReadBack() {
        guard.fireHold();
        assertThat(guard.observe(true, T0.plusSeconds(60))).isEqualTo(RelayGuard.Verdict.NOTHING);
        guard.fireCleared();
        assertThat(guard.restoringFromFire()).isTrue();
        assertThat(types(guard.relockResult("exception 4"))).containsExactly(EventType.FIRE_RESTORE_FAILED);
        assertThat(guard.fireHeld()).as("still held: the strike may still be latched").isTrue();
        assertThat(types(guard.relockResult(null))).containsExactly(EventType.DOOR_RELOCKED);
        assertThat(guard.fireHeld()).isFalse();
        assertThat(types(guard.observe(true, T0.plusSeconds(61)).events())).containsExactly(EventType.UNEXPECTED_RELEASE);
    }

    @Test
    void aGrantDuringAPendingRelockIsNotCutShortByIt() {
        guard.releaseEnded(T0);
        guard.releaseConfirmed(T0.plusMillis(10));
        assertThat(guard.relockPending()).isFalse();
        assertThat(guard.grantRunning(T0.plusSeconds(1))).isTrue();
    }

    @Test
    void aLockedReadingEndsTheEpisodeSoTheNextReleaseIsRaisedAgain() {
        guard.observe(true, T0);
        guard.relockResult(null);
        assertThat(guard.observe(false, T0.plusMillis(100))).isEqualTo(RelayGuard.Verdict.NOTHING);
        assertThat(types(guard.observe(true, T0.plusMillis(200)).events())).containsExactly(EventType.UNEXPECTED_RELEASE);
    }
}
