package io.cagekeeper.policy.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.state.EngineState;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A decision record keeps only part of the state; deciding against that part must change nothing. */
class StateProjectionTest {

    private static final List<String> PEOPLE = List.of("alice", "bob", "carl", "vera");
    private static final List<String> READERS = List.of("hall-in", "hall-out", "a-in", "a-out", "b-in", "b-out",
            "vault-in", "vault-out", "m1-in", "m1-out", "m2-in", "m2-out", "nowhere");
    private static final List<String> DOORS = List.of("hall", "a", "b", "vault", "m1", "m2");

    private final PolicyEngine engine = new PolicyEngine();

    /** One step of a site's life: a badge read, or a door or site fact changing. */
    record Step(int kind, String person, String reader, String door, int gapSeconds) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.of(PEOPLE), Arbitraries.of(READERS),
                Arbitraries.of(DOORS), Arbitraries.integers().between(0, 20)).as(Step::new).list().ofMinSize(1).ofMaxSize(40);
    }

    private static TestSite busySite() {
        return TestSite.busy();
    }

    @Property(tries = 300)
    void decidingAgainstTheProjectionGivesTheDecisionMadeAgainstTheWholeState(@ForAll("histories") List<Step> steps) {
        TestSite site = busySite();
        PolicySnapshot s = site.snapshot();
        EngineState st = EngineState.initial();
        int t = 0;
        for (Step step : steps) {
            t += step.gapSeconds();
            switch (step.kind()) {
                case 0 -> st = st.doorOpened(step.door());
                case 1 -> st = st.doorClosed(step.door());
                case 2 -> st = st.relocked(step.door());
                case 3 -> st = st.withThreatLevel(step.gapSeconds() % 3 == 0 ? ThreatLevel.ELEVATED : ThreatLevel.NORMAL);
                default -> {
                    AccessRequest r = site.read(step.person(), step.reader(), TestSite.WED_10.plusSeconds(t));
                    Outcome whole = engine.decide(s, st, r);
                    EngineState part = StateProjection.relevantTo(st, r, s);
                    assertThat(engine.decide(s, part, r).decision()).isEqualTo(whole.decision());
                    assertThat(RecordedDecision.of(r, st, whole, s).before()).isEqualTo(part);
                    st = whole.next();
                }
            }
        }
    }

    @Test
    void keepsNothingAboutOtherPeopleOrUnrelatedDoors() {
        TestSite site = busySite();
        PolicySnapshot s = site.snapshot();
        EngineState st = EngineState.initial().doorOpened("b").doorOpened("m2").doorReleased("vault");
        st = engine.decide(s, st, site.read("bob", "hall-in", TestSite.WED_10)).next();

        EngineState part = StateProjection.relevantTo(st, site.read("alice", "m1-in", TestSite.WED_10.plusSeconds(5)), s);

        assertThat(part.openDoors()).containsExactly("m2");
        assertThat(part.released()).isEmpty();
        assertThat(part.apb()).isEmpty();
        assertThat(st.apb()).isNotEmpty();
    }
}
