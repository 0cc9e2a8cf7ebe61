package io.cagekeeper.policy.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.model.ThreatLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EngineStateTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void pendingEntriesThatDifferOnlyInTheirVisitKeepOneOrderThroughTheTextForm() {
        // found by the property below: ties beyond (at, door, kind, person) once ordered by arrival
        Instant at = Instant.parse("2096-10-02T07:06:39Z");
        Pending withVisit = new Pending(Pending.Kind.ESCORT, "a", "a", "a", "a", at, at.plusSeconds(10));
        Pending withoutVisit = new Pending(Pending.Kind.ESCORT, "a", "a", "a", null, at, at.plusSeconds(10));
        for (List<Pending> order : List.of(List.of(withVisit, withoutVisit), List.of(withoutVisit, withVisit))) {
            EngineState s = new EngineState(ThreatLevel.NORMAL, true, Map.of(), Map.of(), order, Set.of(), Set.of());
            assertThat(EngineState.fromLines(s.toLines())).isEqualTo(s);
        }
    }

    @Test
    void roundTripsThroughItsTextForm() {
        EngineState s = EngineState.initial().withThreatLevel(ThreatLevel.ELEVATED).fireAlarm(true)
                .withApbMark(new ApbMark("al\tice", "cage%b", true, T))
                .withPinFailures("c-1", 2)
                .withPending(new Pending(Pending.Kind.ESCORT, "d\n1", "vera", "c-vera", "-", T, T.plusSeconds(10)))
                .doorOpened("m1").doorReleased("m2");
        List<String> lines = s.toLines();
        assertThat(lines.get(0)).isEqualTo("threat\tELEVATED");
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\n"));
        assertThat(EngineState.fromLines(lines)).isEqualTo(s);
    }

    @Test
    void theInitialStateIsTwoLines() {
        assertThat(EngineState.initial().toLines()).containsExactly("threat\tNORMAL", "fire\tfalse");
    }

    @Test
    void refusesUnknownLines() {
        assertThatThrownBy(() -> EngineState.fromLines(List.of("bogus\t1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transitionsThatChangeNothingReturnTheSameInstance() {
        EngineState s = EngineState.initial();
        assertThat(s.doorClosed("x")).isSameAs(s);
        assertThat(s.relocked("x")).isSameAs(s);
        assertThat(s.withThreatLevel(ThreatLevel.NORMAL)).isSameAs(s);
        assertThat(s.fireAlarm(false)).isSameAs(s);
        assertThat(s.prune(T)).isSameAs(s);
    }

    @Test
    void pruneDropsLapsedPendingEntriesOnly() {
        EngineState s = EngineState.initial()
                .withPending(new Pending(Pending.Kind.TWO_PERSON, "a", "p1", "c1", null, T, T.plusSeconds(5)))
                .withPending(new Pending(Pending.Kind.TWO_PERSON, "b", "p2", "c2", null, T, T.plusSeconds(50)));
        assertThat(s.prune(T.plusSeconds(6)).pending()).extracting(Pending::doorId).containsExactly("b");
    }

    @Property
    void anyStateRoundTripsThroughItsTextForm(@ForAll("states") EngineState s) {
        assertThat(EngineState.fromLines(s.toLines())).isEqualTo(s);
        assertThat(EngineState.fromLines(s.toLines()).toLines()).isEqualTo(s.toLines());
    }

    @Provide
    Arbitrary<EngineState> states() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("ab-%\t\n é").ofMinLength(1).ofMaxLength(5);
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
        Arbitrary<ApbMark> marks = Combinators.combine(ids, ids, Arbitraries.of(true, false), times).as(ApbMark::new);
        Arbitrary<Pending> pendings = Combinators.combine(Arbitraries.of(Pending.Kind.class), ids, ids, ids,
                ids.injectNull(0.3), times).as((k, d, p, c, v, t) -> new Pending(k, d, p, c, v, t, t.plusSeconds(10)));
        return Combinators.combine(Arbitraries.of(ThreatLevel.class), Arbitraries.of(true, false),
                marks.list().ofMaxSize(4), ids.list().ofMaxSize(3), pendings.list().ofMaxSize(3),
                ids.set().ofMaxSize(3), ids.set().ofMaxSize(3)).as((level, fire, ms, pins, ps, open, rel) -> {
                    Map<String, ApbMark> apb = new HashMap<>();
                    ms.forEach(m -> apb.put(m.key(), m));
                    Map<String, Integer> pinMap = new HashMap<>();
                    pins.forEach(p -> pinMap.put(p, p.length()));
                    return new EngineState(level, fire, apb, pinMap, new ArrayList<>(ps), new HashSet<>(open), Set.copyOf(rel));
                });
    }
}
