package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.access.SequenceGuard.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The seq high-water mark of each reader: replays refused, holes filled late, forged jumps not believed. */
class SequenceGuardTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final long MAX_JUMP = 1_000;
    private final SequenceGuard guard = new SequenceGuard(Duration.ofSeconds(3), MAX_JUMP);

    /** Classifies and commits one message, as the spine does once its claim succeeded. */
    private Verdict take(long seq) {
        return take(seq, false);
    }

    private Verdict take(long seq, boolean freshBoot) {
        Verdict v = guard.classify("r1", seq, freshBoot);
        guard.apply("r1", seq, v, T0);
        return v;
    }

    @Test
    void onlyNewMessagesAreAccepted() {
        assertThat(Verdict.IN_ORDER.accepted()).isTrue();
        assertThat(Verdict.LATE.accepted()).isTrue();
        assertThat(Verdict.RESET.accepted()).isTrue();
        assertThat(Verdict.REPLAY.accepted()).isFalse();
        assertThat(Verdict.JUMP.accepted()).isFalse();
    }

    @Test
    void takesAnySeqFromAReaderNotHeardFromYet() {
        assertThat(guard.highWater("r1")).isNull();
        assertThat(guard.classify("r1", 9_000_000_000L, false)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.classify("r1", 1, true)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void aSeqAtOrBelowTheHighWaterMarkThatFillsNoHoleIsAReplay() {
        take(10);
        take(11);
        assertThat(guard.highWater("r1")).isEqualTo(11);
        assertThat(guard.classify("r1", 11, false)).isEqualTo(Verdict.REPLAY);
        assertThat(guard.classify("r1", 10, false)).isEqualTo(Verdict.REPLAY);
        assertThat(guard.classify("r1", 1, false)).isEqualTo(Verdict.REPLAY);
        assertThat(guard.classify("r1", 12, false)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.classify("r2", 11, false)).as("readers are independent").isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void aReplayChangesNothing() {
        take(10);
        assertThat(guard.apply("r1", 5, Verdict.REPLAY, T0)).isFalse();
        assertThat(guard.highWater("r1")).isEqualTo(10);
        assertThat(guard.classify("r1", 11, false)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.due(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aJumpOfExactlyTheLimitIsInOrderAndOneMoreIsNotBelieved() {
        take(10);
        assertThat(guard.classify("r1", 10 + MAX_JUMP, false)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.classify("r1", 11 + MAX_JUMP, false)).isEqualTo(Verdict.JUMP);
    }

    @Test
    void anUnconfirmedJumpMovesNothingSoTheRealReaderCarriesOn() {
        take(10);
        assertThat(take(9_000_000)).isEqualTo(Verdict.JUMP);
        assertThat(guard.highWater("r1")).isEqualTo(10);
        assertThat(guard.classify("r1", 10, false)).as("still judged against 10").isEqualTo(Verdict.REPLAY);
        assertThat(take(11)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.highWater("r1")).as("the jump is forgotten, not confirmed").isEqualTo(11);
        assertThat(take(12)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.classify("r1", 9_000_001, false)).as("no jump pending any more").isEqualTo(Verdict.JUMP);
        assertThat(guard.due(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void theSameJumpAgainDoesNotConfirmIt() {
        take(10);
        take(5_000);
        assertThat(take(5_000)).isEqualTo(Verdict.JUMP);
        assertThat(guard.highWater("r1")).isEqualTo(10);
    }

    @Test
    void aJumpIsConfirmedByAMessageWithinTheLimitAfterItAndTheSkippedSeqsAreALoss() {
        take(10);
        assertThat(take(5_000)).isEqualTo(Verdict.JUMP);
        assertThat(guard.apply("r1", 5_000 + MAX_JUMP, Verdict.IN_ORDER, T0)).isFalse();
        assertThat(guard.highWater("r1")).isEqualTo(5_000 + MAX_JUMP);
        assertThat(guard.due(T0.plusSeconds(3))).extracting(g -> g.from() + "-" + g.to())
                .containsExactly("11-4999", "5001-5999");
    }

    @Test
    void aJumpIsConfirmedOnlyWithinTheLimitAfterIt() {
        take(10);
        take(5_000);
        assertThat(guard.classify("r1", 5_000 + MAX_JUMP, false)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.classify("r1", 5_001 + MAX_JUMP, false)).isEqualTo(Verdict.JUMP);
        assertThat(guard.classify("r1", 4_999, false)).as("below the jump, past the limit").isEqualTo(Verdict.JUMP);
        assertThat(take(5_001)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.highWater("r1")).isEqualTo(5_001);
        assertThat(guard.due(T0.plusSeconds(3))).extracting(g -> g.from() + "-" + g.to()).containsExactly("11-4999");
    }

    @Test
    void aLateArrivalFillsItsHoleOnceAndIsThenAReplay() {
        take(10);
        take(13);
        assertThat(guard.classify("r1", 12, false)).isEqualTo(Verdict.LATE);
        assertThat(guard.apply("r1", 12, Verdict.LATE, T0)).isTrue();
        assertThat(guard.classify("r1", 12, false)).isEqualTo(Verdict.REPLAY);
        assertThat(guard.classify("r1", 12, true)).as("a boot that fills no hole resets").isEqualTo(Verdict.RESET);
        assertThat(guard.due(T0.plusSeconds(3))).extracting(g -> g.from() + "-" + g.to()).containsExactly("11-11");
    }

    @Test
    void aFreshBootWithALowSeqResetsTheCountAndForgetsAPendingJump() {
        take(500);
        take(1_000_000);
        take(600);
        take(1_000_000);
        assertThat(take(1, true)).isEqualTo(Verdict.RESET);
        assertThat(guard.highWater("r1")).isEqualTo(1);
        assertThat(guard.apply("r1", 1, Verdict.RESET, T0)).isFalse();
        assertThat(guard.classify("r1", 2, false)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.classify("r1", 1_000_001, false)).as("the jump before the reset confirms nothing").isEqualTo(Verdict.JUMP);
        assertThat(guard.due(T0.plusSeconds(60))).as("the holes before the reset are gone").isEmpty();
    }

    @Test
    void aBootAboveTheHighWaterMarkIsSimplyInOrder() {
        take(10);
        assertThat(guard.classify("r1", 11, true)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void aSeededHighWaterMarkJudgesTheFirstMessagesAfterARestart() {
        guard.seed("r1", 42);
        assertThat(guard.highWater("r1")).isEqualTo(42);
        assertThat(guard.classify("r1", 42, false)).isEqualTo(Verdict.REPLAY);
        assertThat(guard.classify("r1", 43, false)).isEqualTo(Verdict.IN_ORDER);
        assertThat(guard.apply("r1", 43, Verdict.IN_ORDER, T0)).isFalse();
        assertThat(guard.highWater("r1")).isEqualTo(43);
    }

    @Test
    void aJumpReturnsNoLateArrival() {
        take(10);
        assertThat(guard.apply("r1", 9_000, Verdict.JUMP, T0)).isFalse();
    }
}
