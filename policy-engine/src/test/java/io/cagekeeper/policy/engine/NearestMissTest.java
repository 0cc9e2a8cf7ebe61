package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static io.cagekeeper.policy.TestSite.WED_10;
import static io.cagekeeper.policy.TestSite.local;
import static io.cagekeeper.policy.engine.BothPaths.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.state.EngineState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When no grant opens the door, the denial names the nearest miss so that the desk knows what to fix:
 * a grant outside its schedule before one not valid now, and among grants not valid now the first.
 */
class NearestMissTest {

    private static final Instant WED_19 = local(2026, 11, 25, 19, 0);
    private static final Instant NOV_1 = local(2026, 11, 1, 0, 0);
    private final TestSite site = new TestSite();
    private final BothPaths judge = new BothPaths(new PolicyEngine());

    NearestMissTest() {
        site.levels.add(new AccessLevel("hall-always", "Hall, always", List.of(new DoorSchedule("hall", "always"))));
    }

    private Decision carlAtHall(Instant at) {
        return judge.decide(site.snapshot(), EngineState.initial(), site.read("carl", "hall-in", at)).decision();
    }

    private void expiredGrant(int index, String id) {
        site.grants.add(index, new Grant(id, "carl", "hall-always", EPOCH, NOV_1, "ops"));
    }

    @Test
    void aGrantOutsideItsScheduleOutranksALaterGrantNotValidNow() {
        expiredGrant(3, "g-carl-2");
        assertThat(carlAtHall(WED_19)).isEqualTo(decision(Result.DENY, "grant:g-carl",
                "Denied: Carl (18:102) is outside the schedule for Hall door at 2026-11-25 19:00", ReasonCode.OUTSIDE_SCHEDULE));
    }

    @Test
    void aGrantOutsideItsScheduleOutranksAnEarlierGrantNotValidNow() {
        expiredGrant(2, "g-a-carl");
        assertThat(carlAtHall(WED_19)).isEqualTo(decision(Result.DENY, "grant:g-carl",
                "Denied: Carl (18:102) is outside the schedule for Hall door at 2026-11-25 19:00", ReasonCode.OUTSIDE_SCHEDULE));
    }

    @Test
    void amongGrantsNotValidNowTheFirstIsNamed() {
        site.grants.set(2, new Grant("g-carl", "carl", "office", EPOCH, NOV_1, "manager"));
        expiredGrant(3, "g-carl-2");
        assertThat(carlAtHall(WED_10)).isEqualTo(decision(Result.DENY, "grant:g-carl",
                "Denied: Carl (18:102) has a grant for Hall door that is not valid now", ReasonCode.GRANT_NOT_VALID_NOW));
    }

    @Test
    void aSingleGrantNotYetValidIsNamedWithItsDoor() {
        site.grants.set(2, new Grant("g-carl", "carl", "office", WED_10.plusSeconds(1), null, "manager"));
        assertThat(carlAtHall(WED_10)).isEqualTo(decision(Result.DENY, "grant:g-carl",
                "Denied: Carl (18:102) has a grant for Hall door that is not valid now", ReasonCode.GRANT_NOT_VALID_NOW));
        assertThat(carlAtHall(WED_10.plusSeconds(1)).granted()).isTrue();
    }

    @Test
    void aLaterGrantThatOpensTheDoorWinsOverEarlierMisses() {
        site.grants.add(new Grant("g-carl-2", "carl", "hall-always", EPOCH, null, "ops"));
        assertThat(carlAtHall(WED_19)).isEqualTo(decision(Result.GRANT, "grant:g-carl-2",
                "Granted: Carl (18:102) at Hall door by access level hall-always, approved by ops", ReasonCode.ACCESS_LEVEL_GRANTED));
    }

    @Test
    void aDoorNoneOfSeveralGrantsReachesIsNamedAsHavingNoLevel() {
        expiredGrant(3, "g-carl-2");
        Decision d = judge.decide(site.snapshot(), EngineState.initial(), site.read("carl", "a-in", WED_10)).decision();
        assertThat(d).isEqualTo(decision(Result.DENY, "rule:access-level",
                "Denied: Carl (18:102) has no access level for Cage A door", ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR));
    }
}
