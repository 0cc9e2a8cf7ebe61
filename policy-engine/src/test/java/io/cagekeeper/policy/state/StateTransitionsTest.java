package io.cagekeeper.policy.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.model.ThreatLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each transition of the engine state remembers, forgets and leaves alone. */
class StateTransitionsTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final EngineState S = EngineState.initial();

    private static Pending waiting(Pending.Kind kind, String door, String person, Instant at, Instant until) {
        return new Pending(kind, door, person, "c-" + person, kind == Pending.Kind.ESCORT ? "v-1" : null, at, until);
    }

    @Test
    void aPendingPresentationIsLiveFromItsStartToItsEndInclusive() {
        Pending p = waiting(Pending.Kind.ESCORT, "a", "vera", T, T.plusSeconds(10));
        assertThat(p.liveAt(T.minusNanos(1))).isFalse();
        assertThat(p.liveAt(T)).isTrue();
        assertThat(p.liveAt(T.plusSeconds(10))).isTrue();
        assertThat(p.liveAt(T.plusSeconds(10).plusNanos(1))).isFalse();
        EngineState st = S.withPending(p);
        assertThat(st.pendingAt(Pending.Kind.ESCORT, "a", T.plusSeconds(10))).isEqualTo(p);
        assertThat(st.pendingAt(Pending.Kind.ESCORT, "a", T.plusSeconds(11))).isNull();
        assertThat(st.pendingAt(Pending.Kind.TWO_PERSON, "a", T)).isNull();
        assertThat(st.pendingAt(Pending.Kind.ESCORT, "b", T)).isNull();
    }

    @Test
    void aNewPendingReplacesTheOneOfItsKindAtItsDoorAndDropsLapsedOnes() {
        Pending first = waiting(Pending.Kind.TWO_PERSON, "vault", "alice", T, T.plusSeconds(15));
        Pending otherDoor = waiting(Pending.Kind.TWO_PERSON, "m1", "bob", T, T.plusSeconds(5));
        Pending escort = waiting(Pending.Kind.ESCORT, "vault", "vera", T, T.plusSeconds(20));
        EngineState st = S.withPending(first).withPending(otherDoor).withPending(escort);
        assertThat(st.pending()).containsExactlyInAnyOrder(first, otherDoor, escort);
        Pending second = waiting(Pending.Kind.TWO_PERSON, "vault", "bob", T.plusSeconds(5), T.plusSeconds(20));
        assertThat(st.withPending(second).pending()).as("m1's lapses at the instant it ends, not before")
                .containsExactlyInAnyOrder(otherDoor, escort, second);
        Pending later = waiting(Pending.Kind.TWO_PERSON, "vault", "bob", T.plusSeconds(6), T.plusSeconds(20));
        assertThat(st.withPending(later).pending()).containsExactlyInAnyOrder(escort, later);
        assertThat(st.withoutPending(first).pending()).containsExactlyInAnyOrder(otherDoor, escort);
        assertThat(st.withoutPending(later)).isSameAs(st);
    }

    @Test
    void pruneKeepsWhatIsLiveAtItsLastInstant() {
        Pending p = waiting(Pending.Kind.ESCORT, "a", "vera", T, T.plusSeconds(10));
        EngineState st = S.withPending(p);
        assertThat(st.prune(T.plusSeconds(10))).isSameAs(st);
        assertThat(st.prune(T.plusSeconds(10).plusNanos(1)).pending()).isEmpty();
    }

    @Test
    void doorFactsChangeTheStateOnlyWhenTheyChangeSomething() {
        EngineState open = S.doorOpened("m1");
        assertThat(open.openDoors()).containsExactly("m1");
        assertThat(open.doorOpened("m1")).isSameAs(open);
        assertThat(open.doorOpened("m2").openDoors()).containsExactlyInAnyOrder("m1", "m2");
        assertThat(open.doorOpened("m2").doorClosed("m1").openDoors()).containsExactly("m2");
        assertThat(open.doorClosed("m1")).isEqualTo(S);
        EngineState released = open.doorReleased("m2");
        assertThat(released.released()).containsExactly("m2");
        assertThat(released.openDoors()).containsExactly("m1");
        assertThat(released.doorReleased("m2")).isSameAs(released);
        assertThat(released.doorReleased("m3").relocked("m2").released()).containsExactly("m3");
        assertThat(released.relocked("m2")).isEqualTo(open);
        assertThat(released.relocked("m3")).isSameAs(released);
        assertThat(S.withThreatLevel(ThreatLevel.LOCKDOWN).threatLevel()).isEqualTo(ThreatLevel.LOCKDOWN);
        assertThat(S.fireAlarm(true).fireAlarm()).isTrue();
        assertThat(S.fireAlarm(true).fireAlarm(true).fireAlarm(false)).isEqualTo(S);
    }

    @Test
    void forgivingForgetsOnlyThatPersonsMarksAndAlwaysRecordsTheOperator() {
        ApbMark alice = new ApbMark("alice", "hall", true, T);
        ApbMark aliceB = new ApbMark("alice", "cage-b", false, T);
        ApbMark bob = new ApbMark("bob", "hall", true, T);
        EngineState st = S.withApbMark(alice).withApbMark(aliceB).withApbMark(bob);
        Transition t = st.forgive("alice", "jo", T.plusSeconds(1));
        assertThat(t.state().apb()).containsOnlyKeys(bob.key());
        assertThat(t.fact()).isEqualTo(new EngineFact.ApbForgiven("alice", "jo", T.plusSeconds(1)));
        Transition nothing = st.forgive("carl", "jo", T);
        assertThat(nothing.state()).isSameAs(st);
        assertThat(nothing.fact()).isEqualTo(new EngineFact.ApbForgiven("carl", "jo", T));
        assertThat(st.withApbMark(alice)).isSameAs(st);
        assertThat(st.withApbMark(new ApbMark("alice", "hall", false, T)).apbMark("alice", "hall").inside()).isFalse();
        assertThat(st.apbMark("carl", "hall")).isNull();
        assertThat(S.apbMark("alice", "hall")).isNull();
    }

    @Test
    void resettingPinFailuresClearsThemAndRecordsTheOperator() {
        EngineState st = S.withPinFailures("c-1", 2).withPinFailures("c-2", 1);
        Transition t = st.resetPinFailures("c-1", "jo", T);
        assertThat(t.state().pinFailures()).isEqualTo(Map.of("c-2", 1));
        assertThat(t.fact()).isEqualTo(new EngineFact.PinFailuresReset("c-1", "jo", T));
        assertThat(st.resetPinFailures("c-3", "jo", T).state()).isSameAs(st);
        assertThat(st.pinFailuresOf("c-1")).isEqualTo(2);
        assertThat(st.pinFailuresOf("c-3")).isZero();
        assertThat(S.pinFailuresOf("c-1")).isZero();
    }

    @Test
    void aMarkIsKeyedByZoneAndPersonAndTheStateRefusesAMisKeyedOne() {
        ApbMark m = new ApbMark("al", "z", true, T);
        assertThat(m.key()).isEqualTo("z\u001fal");
        assertThat(m.hasKey("z\u001fal")).isTrue();
        assertThat(m.hasKey("z\u001fa")).isFalse();
        assertThat(m.hasKey("y\u001fal")).isFalse();
        assertThat(m.hasKey("zxal")).isFalse();
        assertThat(m.hasKey("z\u001fbl")).isFalse();
        assertThat(m.hasKey("z\u001fal2")).isFalse();
        assertThatThrownBy(() -> new EngineState(ThreatLevel.NORMAL, false, Map.of("z\u001fbob", m), Map.of(), List.of(),
                Set.of(), Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apb entry keyed z\u001fbob holds " + m);
    }

    @Test
    void theTextFormEscapesALoneDashAndEveryControlCharacterAndReadsThemBack() {
        assertThat(StateCodec.esc("-")).isEqualTo("%2D");
        assertThat(StateCodec.esc("a-b")).isEqualTo("a-b");
        assertThat(StateCodec.esc("%\t\n\r")).isEqualTo("%25%09%0A%0D");
        assertThat(StateCodec.unesc("%2D")).isEqualTo("-");
        assertThat(StateCodec.unesc("a%25b%09")).isEqualTo("a%b\t");
        assertThat(StateCodec.unesc("plain")).isEqualTo("plain");
        EngineState st = S.withPending(new Pending(Pending.Kind.TWO_PERSON, "-", "p", "c", null, T, T.plusSeconds(5)))
                .withApbMark(new ApbMark("p", "z", false, T));
        assertThat(st.toLines()).containsExactly("threat\tNORMAL", "fire\tfalse", "apb\tp\tz\tout\t2026-11-25T10:00:00Z",
                "pending\tTWO_PERSON\t%2D\tp\tc\t-\t2026-11-25T10:00:00Z\t2026-11-25T10:00:05Z");
        assertThat(EngineState.fromLines(List.of("", "fire\ttrue", "  "))).isEqualTo(S.fireAlarm(true));
    }
}
