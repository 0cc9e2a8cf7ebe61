package io.cagekeeper.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.traffic.TrafficEvent.Kind;
import io.cagekeeper.sim.traffic.TrafficPlanner.Plan;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficPlannerTest {

    private static final List<Person> PEOPLE = List.of(
            new Person("ada", Card.h10301(18, 1001), "4821"),
            new Person("bob", Card.c1000(100, 2002), null),
            new Person("cy", Card.h10301(18, 1003), null));

    /** Plays the planner alone, pretending every entry and exit succeeds. */
    private static List<Plan> script(long seed, int steps) {
        TrafficPlanner planner = new TrafficPlanner(PEOPLE, seed);
        Set<String> inside = new HashSet<>();
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            Plan p = planner.next(inside);
            if (p.kind() == Kind.ENTRY || p.kind() == Kind.HELD_OPEN) {
                inside.add(p.person().name());
            } else if (p.kind() == Kind.EXIT) {
                inside.remove(p.person().name());
            }
            plans.add(p);
        }
        return plans;
    }

    @Test
    void playsTheSameScriptForTheSameSeed() {
        assertThat(script(42, 200)).isEqualTo(script(42, 200));
        assertThat(script(42, 200)).isNotEqualTo(script(43, 200));
    }

    @Test
    void mixesEveryKindOfScene() {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        script(7, 500).forEach(p -> kinds.add(p.kind()));
        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void onlyLetsPeopleOutsideEnterAndPeopleInsideExit() {
        TrafficPlanner planner = new TrafficPlanner(PEOPLE, 3);
        for (int i = 0; i < 200; i++) {
            Plan p = planner.next(Set.of("ada", "bob", "cy"));
            assertThat(p.kind()).isNotIn(Kind.ENTRY, Kind.HELD_OPEN);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(planner.next(Set.of()).kind()).isNotEqualTo(Kind.EXIT);
        }
    }

    @Test
    void presentsStrangersThatNobodyHoldsAndMisreadsThatAreNotTheCard() {
        for (Plan p : script(11, 1000)) {
            if (p.kind() == Kind.UNKNOWN_CARD) {
                assertThat(PEOPLE).extracting(Person::card).doesNotContain(p.card());
            }
            if (p.kind() == Kind.BAD_READ) {
                assertThat(p.card().isRaw()).isTrue();
                assertThat(p.card()).isNotEqualTo(Card.rawOf(p.person().card()));
            }
        }
    }

    @Test
    void neverPrintsAPin() {
        assertThat(PEOPLE.get(0).toString()).doesNotContain("4821").contains("pin=***");
    }
}
