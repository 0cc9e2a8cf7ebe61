package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final SeqTracker seqs = new SeqTracker(Duration.ofSeconds(3));

    @Test
    void aHoleThatStaysOpenPastTheGracePeriodIsALossOfExactlyThoseSeqs() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 5, T0);

        assertThat(seqs.due(T0.plusSeconds(2))).isEmpty();
        var gaps = seqs.due(T0.plusSeconds(3));
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.from()).isEqualTo(2);
            assertThat(g.to()).isEqualTo(4);
            assertThat(g.count()).isEqualTo(3);
            assertThat(g.revealedBy()).isEqualTo(5);
        });
        assertThat(seqs.due(T0.plusSeconds(10))).as("reported once").isEmpty();
    }

    @Test
    void aMessageDeliveredLateFillsItsHoleAndIsNoLoss() {
        seqs.observe("r1", 6, T0);
        seqs.observe("r1", 8, T0);

        assertThat(seqs.observe("r1", 7, T0.plusMillis(40))).isTrue();

        assertThat(seqs.due(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aLateArrivalInsideALongHoleSplitsItAndOnlyTheRestIsLost() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 10, T0);
        seqs.observe("r1", 2, T0);
        seqs.observe("r1", 9, T0);
        seqs.observe("r1", 5, T0);

        assertThat(seqs.due(T0.plusSeconds(3))).extracting(g -> g.from() + "-" + g.to()).containsExactly("3-4", "6-8");
    }

    @Test
    void aHugeJumpIsOneRangeNotMillionsOfEntries() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 5_000_001, T0);

        assertThat(seqs.due(T0.plusSeconds(3))).singleElement().satisfies(g -> assertThat(g.count()).isEqualTo(4_999_999));
    }

    @Test
    void redeliveriesAndReaderResetsAreNotGapsAndReadersAreIndependent() {
        seqs.observe("r1", 4, T0);
        assertThat(seqs.observe("r1", 4, T0)).isFalse();
        assertThat(seqs.observe("r1", 1, T0)).isFalse();
        seqs.observe("r2", 1, T0);
        seqs.observe("r2", 3, T0);

        assertThat(seqs.due(T0.plusSeconds(3))).extracting(SeqTracker.Gap::readerId).containsExactly("r2");
    }

    @Test
    void consecutiveSeqsLeaveNoHole() {
        for (long seq = 1; seq <= 5; seq++) {
            assertThat(seqs.observe("r1", seq, T0)).isFalse();
        }
        assertThat(seqs.highest("r1")).isEqualTo(5);
        assertThat(seqs.due(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aHoleOfOneSeqIsExactlyThatSeq() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 3, T0);
        assertThat(seqs.inHole("r1", 1)).isFalse();
        assertThat(seqs.inHole("r1", 2)).isTrue();
        assertThat(seqs.inHole("r1", 3)).isFalse();
        assertThat(seqs.observe("r1", 2, T0)).isTrue();
        assertThat(seqs.inHole("r1", 2)).isFalse();
        assertThat(seqs.observe("r1", 2, T0)).as("filled once only").isFalse();
        assertThat(seqs.due(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aLateArrivalAtEitherEndOfAHoleShrinksItFromThatEnd() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 6, T0);
        assertThat(seqs.inHole("r1", 2)).isTrue();
        assertThat(seqs.inHole("r1", 5)).isTrue();
        assertThat(seqs.observe("r1", 2, T0)).isTrue();
        assertThat(seqs.observe("r1", 5, T0)).isTrue();
        assertThat(seqs.inHole("r1", 2)).isFalse();
        assertThat(seqs.inHole("r1", 5)).isFalse();
        assertThat(seqs.inHole("r1", 3)).isTrue();
        assertThat(seqs.inHole("r1", 4)).isTrue();
        assertThat(seqs.due(T0.plusSeconds(3))).singleElement().satisfies(g -> {
            assertThat(g.from()).isEqualTo(3);
            assertThat(g.to()).isEqualTo(4);
            assertThat(g.revealedBy()).isEqualTo(6);
            assertThat(g.noticedAt()).isEqualTo(T0);
            assertThat(g.readerId()).isEqualTo("r1");
        });
    }

    @Test
    void aSplitHoleKeepsTheMessageThatRevealedItAndWhenItWasNoticed() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 10, T0.plusSeconds(1));
        seqs.observe("r1", 4, T0.plusSeconds(2));
        assertThat(seqs.due(T0.plusSeconds(3))).isEmpty();
        assertThat(seqs.due(T0.plusSeconds(4))).extracting(g -> g.from() + "-" + g.to() + " by " + g.revealedBy() + " at " + g.noticedAt())
                .containsExactly("2-3 by 10 at " + T0.plusSeconds(1), "5-9 by 10 at " + T0.plusSeconds(1));
    }

    @Test
    void aSeqBelowTheHighestThatLiesInNoHoleFillsNothing() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 3, T0);
        seqs.observe("r1", 4, T0);
        seqs.observe("r1", 7, T0);
        assertThat(seqs.observe("r1", 3, T0)).isFalse();
        assertThat(seqs.observe("r1", 1, T0)).isFalse();
        assertThat(seqs.inHole("r1", 4)).isFalse();
        assertThat(seqs.due(T0.plusSeconds(3))).extracting(g -> g.from() + "-" + g.to()).containsExactly("2-2", "5-6");
    }

    @Test
    void fillingOneHoleKeepsTheOthersOpen() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 3, T0);
        seqs.observe("r1", 5, T0);
        assertThat(seqs.observe("r1", 2, T0)).isTrue();
        assertThat(seqs.inHole("r1", 4)).isTrue();
        assertThat(seqs.due(T0.plusSeconds(3))).extracting(g -> g.from() + "-" + g.to()).containsExactly("4-4");
    }

    @Test
    void onlyTheHolesPastTheGraceAreDueTheOthersStayOpen() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 3, T0);
        seqs.observe("r1", 5, T0.plusSeconds(2));
        seqs.observe("r2", 1, T0);
        seqs.observe("r2", 3, T0.plusSeconds(2));
        assertThat(seqs.due(T0.plusSeconds(3))).extracting(g -> g.readerId() + ":" + g.from()).containsExactly("r1:2");
        assertThat(seqs.inHole("r1", 4)).isTrue();
        assertThat(seqs.inHole("r2", 2)).isTrue();
        assertThat(seqs.due(T0.plusSeconds(5))).extracting(g -> g.readerId() + ":" + g.from()).containsExactlyInAnyOrder("r1:4", "r2:2");
        assertThat(seqs.due(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aRestartForgetsTheHolesAndStartsFromTheGivenSeq() {
        seqs.observe("r1", 1, T0);
        seqs.observe("r1", 5, T0);
        seqs.restart("r1", 2);
        assertThat(seqs.highest("r1")).isEqualTo(2);
        assertThat(seqs.inHole("r1", 3)).isFalse();
        assertThat(seqs.observe("r1", 3, T0)).isFalse();
        assertThat(seqs.due(T0.plusSeconds(60))).isEmpty();
        assertThat(seqs.highest("r9")).isNull();
        assertThat(seqs.inHole("r9", 1)).isFalse();
    }
}
