package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleRulesTest {

    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine();

    private Decision carlAtHall(Instant at) {
        return engine.decide(site.snapshot(), site.read("carl", "hall-in", at));
    }

    @Test
    void grantsInsideTheWeeklyScheduleAndDeniesOutsideIt() {
        assertThat(carlAtHall(local(2026, 11, 25, 8, 0)).granted()).isTrue();
        assertThat(carlAtHall(local(2026, 11, 25, 17, 59)).granted()).isTrue();
        Decision evening = carlAtHall(local(2026, 11, 25, 18, 0));
        assertThat(evening.reasons()).containsExactly(ReasonCode.OUTSIDE_SCHEDULE);
        assertThat(evening.decidedBy()).isEqualTo("grant:g-carl");
        assertThat(evening.sentence()).isEqualTo("Denied: Carl (18:102) is outside the schedule for Hall door at 2026-11-25 18:00");
        assertThat(carlAtHall(local(2026, 11, 28, 10, 0)).reasons()).containsExactly(ReasonCode.OUTSIDE_SCHEDULE);
    }

    @Test
    void deniesBadgeOutsideItsGrantWindow() {
        site.grants.set(2, new Grant("g-carl", "carl", "office", TestSite.EPOCH, local(2026, 11, 1, 0, 0), "manager"));
        Decision d = carlAtHall(TestSite.WED_10);
        assertThat(d.reasons()).containsExactly(ReasonCode.GRANT_NOT_VALID_NOW);
        assertThat(d.decidedBy()).isEqualTo("grant:g-carl");
    }

    @Test
    void deniesADoorNoLevelOfThePersonOpens() {
        Decision d = engine.decide(site.snapshot(), site.read("carl", "a-in", TestSite.WED_10));
        assertThat(d.reasons()).containsExactly(ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR);
        assertThat(d.decidedBy()).isEqualTo("rule:access-level");
        assertThat(d.sentence()).isEqualTo("Denied: Carl (18:102) has no access level for Cage A door");
    }

    @Test
    void usesAnyOfSeveralGrantsThatOpensTheDoor() {
        site.levels.add(new AccessLevel("cage-a-nights", "Nights", List.of(new DoorSchedule("a", "always"))));
        site.grants.add(new Grant("g-carl-2", "carl", "cage-a-nights", TestSite.EPOCH, null, "ops"));
        Decision d = engine.decide(site.snapshot(), site.read("carl", "a-in", TestSite.WED_10));
        assertThat(d.granted()).isTrue();
        assertThat(d.decidedBy()).isEqualTo("grant:g-carl-2");
    }

    @Test
    void aHolidayClosesTheOfficeScheduleAllDay() {
        site.calendars.add(new HolidayCalendar("de", "German holidays", List.of(LocalDate.of(2026, 12, 24))));
        site.overrides.add(new ScheduleOverride("office", "de", List.of()));
        assertThat(carlAtHall(local(2026, 12, 24, 10, 0)).reasons()).containsExactly(ReasonCode.OUTSIDE_SCHEDULE);
        assertThat(carlAtHall(local(2026, 12, 23, 10, 0)).granted()).isTrue();
    }

    @Test
    void aHolidayOverrideCanOpenShortHoursOnAWeekend() {
        site.calendars.add(new HolidayCalendar("inventory", "Inventory days", List.of(LocalDate.of(2026, 11, 28))));
        site.overrides.add(new ScheduleOverride("office", "inventory", List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 0)))));
        assertThat(carlAtHall(local(2026, 11, 28, 9, 30)).granted()).isTrue();
        assertThat(carlAtHall(local(2026, 11, 28, 12, 0)).granted()).isFalse();
    }

    @Test
    void officeHoursFollowTheWallClockAcrossTheSpringDstChange() {
        // Europe/Berlin moves from +01:00 to +02:00 on Sunday 2026-03-29; Monday 08:00 local is 06:00Z.
        assertThat(carlAtHall(Instant.parse("2026-03-30T06:00:00Z")).granted()).isTrue();
        assertThat(carlAtHall(Instant.parse("2026-03-30T05:59:59Z")).granted()).isFalse();
        // The Monday before, 08:00 local was 07:00Z.
        assertThat(carlAtHall(Instant.parse("2026-03-23T06:30:00Z")).granted()).isFalse();
        assertThat(carlAtHall(Instant.parse("2026-03-23T07:00:00Z")).granted()).isTrue();
    }

    @Test
    void officeHoursFollowTheWallClockAcrossTheAutumnDstChange() {
        // Back to +01:00 on Sunday 2026-10-25: Friday 17:59 local is 15:59Z, the Monday after 18:00 local is 17:00Z.
        assertThat(carlAtHall(Instant.parse("2026-10-23T15:59:00Z")).granted()).isTrue();
        assertThat(carlAtHall(Instant.parse("2026-10-23T16:00:00Z")).granted()).isFalse();
        assertThat(carlAtHall(Instant.parse("2026-10-26T16:59:00Z")).granted()).isTrue();
        assertThat(carlAtHall(Instant.parse("2026-10-26T17:00:00Z")).granted()).isFalse();
    }
}
