package io.cagekeeper.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.model.CardNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A decision is a value: equal in every component or not equal; its deferred texts are rendered once. */
class DecisionTest {

    private static final List<ReasonCode> GRANTED = List.of(ReasonCode.ACCESS_LEVEL_GRANTED);
    private final Decision base = new Decision(Result.GRANT, GRANTED, "grant:g1", 3, "Granted: Alice");

    @Test
    void differsFromADecisionDifferingInAnyOneComponent() {
        assertThat(base.equals(base)).isTrue();
        assertThat(base.equals(new Decision(Result.GRANT, GRANTED, "grant:g1", 3, "Granted: Alice"))).isTrue();
        assertThat(base.equals(new Decision(Result.PENDING, GRANTED, "grant:g1", 3, "Granted: Alice"))).isFalse();
        assertThat(base.equals(new Decision(Result.GRANT, List.of(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.PIN_VERIFIED),
                "grant:g1", 3, "Granted: Alice"))).isFalse();
        assertThat(base.equals(new Decision(Result.GRANT, GRANTED, "grant:g2", 3, "Granted: Alice"))).isFalse();
        assertThat(base.equals(new Decision(Result.GRANT, GRANTED, "grant:g1", 4, "Granted: Alice"))).isFalse();
        assertThat(base.equals(new Decision(Result.GRANT, GRANTED, "grant:g1", 3, "Granted: Bob"))).isFalse();
        assertThat(base.equals("Granted: Alice")).isFalse();
        assertThat(base.equals(null)).isFalse();
    }

    @Test
    void aGrantOrAWaitCannotCarryADenyReasonWhereverItIsListed() {
        assertThatThrownBy(() -> new Decision(Result.GRANT,
                List.of(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.PIN_REQUIRED), "grant:g1", 3, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a GRANT cannot carry a deny reason: [ACCESS_LEVEL_GRANTED, PIN_REQUIRED]");
        assertThatThrownBy(() -> Decision.deferred(Result.PENDING, List.of(ReasonCode.UNKNOWN_READER), "rule:reader", 3,
                () -> "x")).hasMessage("a PENDING cannot carry a deny reason: [UNKNOWN_READER]");
        Decision mixed = new Decision(Result.DENY, List.of(ReasonCode.PIN_INCORRECT, ReasonCode.ACCESS_LEVEL_GRANTED),
                "credential:c1", 3, "Denied");
        assertThat(mixed.granted()).isFalse();
        assertThat(mixed.reasons()).containsExactly(ReasonCode.PIN_INCORRECT, ReasonCode.ACCESS_LEVEL_GRANTED);
    }

    @Test
    void keepsItsOwnCopyOfTheReasons() {
        List<ReasonCode> reasons = new ArrayList<>(GRANTED);
        Decision d = new Decision(Result.GRANT, reasons, "grant:g1", 3, "Granted: Alice");
        reasons.add(ReasonCode.PIN_VERIFIED);
        assertThat(d.reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED);
        assertThatThrownBy(() -> d.reasons().add(ReasonCode.PIN_VERIFIED)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyAGrantIsGranted() {
        assertThat(base.granted()).isTrue();
        assertThat(new Decision(Result.PENDING, List.of(ReasonCode.TWO_PERSON_AWAITING_SECOND), "rule:two-person:v", 3, "Pending")
                .granted()).isFalse();
        assertThat(new Decision(Result.DENY, List.of(ReasonCode.UNKNOWN_READER), "rule:reader", 3, "Denied").granted()).isFalse();
    }

    @Test
    void deferredTextsAreRenderedOnFirstReadOnlyAndThenKept() {
        AtomicInteger sentences = new AtomicInteger();
        AtomicInteger ids = new AtomicInteger();
        Decision lazy = Decision.deferred(Result.GRANT, GRANTED, 3, new Decision.Text() {
            @Override
            public String decidedBy() {
                ids.incrementAndGet();
                return "grant:g1";
            }

            @Override
            public String sentence() {
                sentences.incrementAndGet();
                return "Granted: Alice";
            }
        });
        assertThat(sentences).hasValue(0);
        assertThat(ids).hasValue(0);
        assertThat(lazy.sentence()).isEqualTo("Granted: Alice");
        assertThat(lazy.sentence()).isEqualTo("Granted: Alice");
        assertThat(lazy.decidedBy()).isEqualTo("grant:g1");
        assertThat(lazy.decidedBy()).isEqualTo("grant:g1");
        assertThat(sentences).hasValue(1);
        assertThat(ids).hasValue(1);
        assertThat(lazy).isEqualTo(base);

        AtomicInteger supplied = new AtomicInteger();
        Decision denied = Decision.deferred(Result.DENY, List.of(ReasonCode.UNKNOWN_READER), "rule:reader", 3, () -> {
            supplied.incrementAndGet();
            return "Denied: reader r is not configured";
        });
        assertThat(denied.decidedBy()).isEqualTo("rule:reader");
        assertThat(supplied).as("decidedBy was given, so reading it renders nothing").hasValue(0);
        assertThat(denied.sentence()).isEqualTo("Denied: reader r is not configured");
        assertThat(denied.sentence()).isEqualTo("Denied: reader r is not configured");
        assertThat(supplied).hasValue(1);
    }

    @Test
    void aDeferredTextThatRendersNothingIsRefused() {
        Decision noSentence = Decision.deferred(Result.DENY, List.of(ReasonCode.UNKNOWN_READER), "rule:reader", 3, () -> null);
        assertThatThrownBy(noSentence::sentence).isInstanceOf(NullPointerException.class).hasMessage("sentence");
        Decision noId = Decision.deferred(Result.GRANT, GRANTED, 3, new Decision.Text() {
            @Override
            public String decidedBy() {
                return null;
            }

            @Override
            public String sentence() {
                return "Granted";
            }
        });
        assertThatThrownBy(noId::decidedBy).isInstanceOf(NullPointerException.class).hasMessage("decidedBy");
        assertThatThrownBy(() -> Decision.deferred(Result.GRANT, GRANTED, 3, null)).hasMessage("text");
        assertThatThrownBy(() -> new Decision(Result.GRANT, GRANTED, null, 3, "x")).hasMessage("decidedBy");
        assertThatThrownBy(() -> new Decision(Result.GRANT, GRANTED, "g", 3, null)).hasMessage("sentence");
        assertThatThrownBy(() -> new Decision(null, GRANTED, "g", 3, "x")).hasMessage("result");
    }

    @Test
    void exactlyTheGrantAndWaitCodesDoNotDeny() {
        EnumSet<ReasonCode> passing = EnumSet.noneOf(ReasonCode.class);
        for (ReasonCode c : ReasonCode.values()) {
            if (!c.denies()) {
                passing.add(c);
            }
        }
        assertThat(passing).containsExactlyInAnyOrder(ReasonCode.ACCESS_LEVEL_GRANTED, ReasonCode.PIN_VERIFIED,
                ReasonCode.BIOMETRIC_VERIFIED, ReasonCode.APB_VIOLATION_RECORDED, ReasonCode.VISIT_AWAITING_ESCORT,
                ReasonCode.ESCORT_PRESENT, ReasonCode.TWO_PERSON_AWAITING_SECOND, ReasonCode.TWO_PERSON_SATISFIED,
                ReasonCode.FIRE_EGRESS);
    }

    @Test
    void aRequestPrintsItselfWithoutThePin() {
        CardRead card = new CardRead.Decoded(CardNumber.h10301(18, 100));
        Instant at = Instant.parse("2026-11-25T09:00:00Z");
        assertThat(new AccessRequest("hall-in", card, "4711", null, at))
                .hasToString("AccessRequest[hall-in Decoded[card=18:100] pin=**** at 2026-11-25T09:00:00Z]");
        assertThat(new AccessRequest("hall-in", card, null, true, at))
                .hasToString("AccessRequest[hall-in Decoded[card=18:100] at 2026-11-25T09:00:00Z]");
    }
}
