package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.WeeklyInterval;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The compiled forms of a schedule (always-open flag, minute bitmap, interval scan) agree with
 * {@link Schedule#openAt} on the wall clock, whichever form a schedule compiles to.
 */
class CompiledScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Bounds with seconds (no bitmap), whole minutes (bitmap) or covering the week (always). */
    @Property(tries = 500)
    void everyCompiledFormAgreesWithTheSchedule(@ForAll @Size(max = 9) List<@IntRange(max = 86_399) Integer> starts,
                                                @ForAll @IntRange(min = 0, max = 2) int kind,
                                                @ForAll @IntRange(min = 0, max = 2_000_000) int minutes,
                                                @ForAll @IntRange(min = 0, max = 59) int second) {
        List<WeeklyInterval> in = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int s = kind == 1 ? starts.get(i) / 60 * 60 : starts.get(i);
            int e = s + 3600 + (kind == 1 ? 0 : 7);
            in.add(new WeeklyInterval(DayOfWeek.of(i % 7 + 1), LocalTime.ofSecondOfDay(s),
                    e >= 86_400 ? LocalTime.MIDNIGHT : LocalTime.ofSecondOfDay(e)));
        }
        if (kind == 2) {
            for (DayOfWeek d : DayOfWeek.values()) {
                in.add(new WeeklyInterval(d, LocalTime.MIDNIGHT, LocalTime.NOON));
                in.add(new WeeklyInterval(d, LocalTime.of(11, 0), LocalTime.MIDNIGHT));
            }
        }
        Schedule schedule = new Schedule("x", "x", in);
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(minutes * 60L + second).plusNanos(second * 1_000_003L);
        ZonedDateTime local = at.atZone(BERLIN);
        SiteClock clock = new SiteClock(BERLIN);
        assertThat(new CompiledSchedule(schedule).openAt(clock.localSeconds(at), at.getNano()))
                .isEqualTo(schedule.openAt(local.getDayOfWeek(), local.toLocalTime()));
    }

    // ---- bounds of each compiled form, on the wall clock (local seconds as LocalDateTime in UTC) ----

    private static boolean openAt(CompiledSchedule s, String localDateTime) {
        LocalDateTime t = LocalDateTime.parse(localDateTime);
        return s.openAt(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
    }

    private static CompiledSchedule of(WeeklyInterval... intervals) {
        return new CompiledSchedule(new Schedule("s", "s", List.of(intervals)));
    }

    private static WeeklyInterval on(DayOfWeek day, String start, String end) {
        return new WeeklyInterval(day, LocalTime.parse(start), LocalTime.parse(end));
    }

    @Test
    void aWholeMinuteIntervalIsOpenFromItsStartUntilJustBeforeItsEnd() {
        CompiledSchedule s = of(on(DayOfWeek.MONDAY, "08:00", "18:00"));   // 2026-11-23 is a Monday
        assertThat(openAt(s, "2026-11-23T07:59:59.999999999")).isFalse();
        assertThat(openAt(s, "2026-11-23T08:00:00")).isTrue();
        assertThat(openAt(s, "2026-11-23T17:59:59.999999999")).isTrue();
        assertThat(openAt(s, "2026-11-23T18:00:00")).isFalse();
        assertThat(openAt(s, "2026-11-24T10:00:00")).as("Tuesday").isFalse();
        assertThat(openAt(s, "2026-11-30T10:00:00")).as("the next Monday").isTrue();
    }

    @Test
    void anIntervalEndingInsideAMinuteClosesAtThatSecond() {
        CompiledSchedule s = of(on(DayOfWeek.MONDAY, "08:00", "08:00:30"));
        assertThat(openAt(s, "2026-11-23T08:00:00")).isTrue();
        assertThat(openAt(s, "2026-11-23T08:00:29.999")).isTrue();
        assertThat(openAt(s, "2026-11-23T08:00:30")).isFalse();
        assertThat(openAt(s, "2026-11-23T08:00:45")).isFalse();
    }

    @Test
    void anIntervalStartingInsideAMinuteOpensOnlyAtThatInstant() {
        CompiledSchedule s = of(on(DayOfWeek.MONDAY, "08:00:30", "09:00"));
        assertThat(openAt(s, "2026-11-23T08:00:10")).isFalse();
        assertThat(openAt(s, "2026-11-23T08:00:29.5")).isFalse();
        assertThat(openAt(s, "2026-11-23T08:00:30")).isTrue();
        assertThat(openAt(s, "2026-11-23T08:00:30.5")).isTrue();
        assertThat(openAt(s, "2026-11-23T08:59:59.5")).isTrue();
        assertThat(openAt(s, "2026-11-23T09:00:00")).isFalse();
        CompiledSchedule nanos = of(on(DayOfWeek.MONDAY, "08:00:00.500", "08:00:01"));
        assertThat(openAt(nanos, "2026-11-23T08:00:00.499999999")).isFalse();
        assertThat(openAt(nanos, "2026-11-23T08:00:00.500")).isTrue();
        assertThat(openAt(nanos, "2026-11-23T08:00:00.999999999")).isTrue();
    }

    @Test
    void theWeekWrapsFromSundayMidnightToMonday() {
        CompiledSchedule lateSunday = of(on(DayOfWeek.SUNDAY, "23:00", "00:00"));
        assertThat(openAt(lateSunday, "2026-11-29T23:59:59.999")).isTrue();
        assertThat(openAt(lateSunday, "2026-11-30T00:00:00")).isFalse();
        assertThat(openAt(lateSunday, "2026-11-29T22:59:59")).isFalse();
        CompiledSchedule earlyMonday = of(on(DayOfWeek.MONDAY, "00:00", "01:00"));
        assertThat(openAt(earlyMonday, "2026-11-30T00:00:00")).isTrue();
        assertThat(openAt(earlyMonday, "2026-11-29T23:59:59.999")).isFalse();
        CompiledSchedule secondsSunday = of(on(DayOfWeek.SUNDAY, "23:00:01", "00:00"));   // scanned, not a bitmap
        assertThat(openAt(secondsSunday, "2026-11-29T23:59:59.999")).isTrue();
        assertThat(openAt(secondsSunday, "2026-11-30T00:00:00")).isFalse();
    }

    @Test
    void schedulesHoldOnTheWallClockBefore1970Too() {
        CompiledSchedule wednesday = of(on(DayOfWeek.WEDNESDAY, "10:00", "11:00"));   // 1969-12-31 was a Wednesday
        assertThat(openAt(wednesday, "1969-12-31T10:30:00")).isTrue();
        assertThat(openAt(wednesday, "1969-12-30T10:30:00")).isFalse();
        CompiledSchedule scanned = of(on(DayOfWeek.WEDNESDAY, "10:00:05", "11:00"));
        assertThat(openAt(scanned, "1969-12-31T10:30:00.5")).isTrue();
        assertThat(openAt(scanned, "1969-12-31T10:00:04.5")).isFalse();
    }

    @Test
    void aScheduleOpenOnlyLateInTheWeekIsNotOpenAllWeek() {
        CompiledSchedule sunday = of(on(DayOfWeek.SUNDAY, "12:00", "00:00"));
        assertThat(openAt(sunday, "2026-11-23T03:00:00")).isFalse();
        assertThat(openAt(sunday, "2026-11-29T13:00:00")).isTrue();
        CompiledSchedule gap = of(on(DayOfWeek.MONDAY, "00:00", "00:00"), on(DayOfWeek.TUESDAY, "00:00", "00:00"),
                on(DayOfWeek.WEDNESDAY, "00:00", "00:00"), on(DayOfWeek.THURSDAY, "00:00", "23:59"),
                on(DayOfWeek.FRIDAY, "00:00", "00:00"), on(DayOfWeek.SATURDAY, "00:00", "00:00"), on(DayOfWeek.SUNDAY, "00:00", "00:00"));
        assertThat(openAt(gap, "2026-11-26T23:59:30")).as("the one minute missing on Thursday").isFalse();
        assertThat(openAt(gap, "2026-11-26T23:58:59")).isTrue();
        CompiledSchedule whole = of(on(DayOfWeek.MONDAY, "00:00", "00:00"), on(DayOfWeek.TUESDAY, "00:00", "00:00"),
                on(DayOfWeek.WEDNESDAY, "00:00", "00:00"), on(DayOfWeek.THURSDAY, "00:00", "12:00"),
                on(DayOfWeek.THURSDAY, "12:00", "00:00"), on(DayOfWeek.FRIDAY, "00:00", "00:00"),
                on(DayOfWeek.SATURDAY, "00:00", "00:00"), on(DayOfWeek.SUNDAY, "00:00", "00:00"));
        assertThat(openAt(whole, "2026-11-26T12:00:00")).isTrue();
        assertThat(openAt(whole, "1955-03-02T04:05:06.7")).isTrue();
    }

    @Test
    void onAHolidayOnlyTheOverridesHoursOpenEvenForAnAlwaysOpenSchedule() {
        CompiledSchedule always = new CompiledSchedule(Schedule.always("a"));
        always.addHolidays(List.of(LocalDate.of(2026, 12, 24)), List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 0))));
        assertThat(openAt(always, "2026-12-24T08:59:59.999")).isFalse();
        assertThat(openAt(always, "2026-12-24T09:00:00")).isTrue();
        assertThat(openAt(always, "2026-12-24T11:59:59.999")).isTrue();
        assertThat(openAt(always, "2026-12-24T12:00:00")).isFalse();
        assertThat(openAt(always, "2026-12-23T20:00:00")).as("the day before").isTrue();
        assertThat(openAt(always, "2026-12-25T03:00:00")).as("the day after").isTrue();
    }

    @Test
    void everyDateOfACalendarIsAHolidayWhateverOrderTheDatesComeIn() {
        CompiledSchedule office = new CompiledSchedule(TestSite.officeHours("office"));
        office.addHolidays(List.of(LocalDate.of(2026, 12, 31), LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 28),
                LocalDate.of(2026, 12, 24)), List.of());
        assertThat(openAt(office, "2026-12-24T10:00:00")).as("the first date once sorted").isFalse();
        assertThat(openAt(office, "2026-12-28T10:00:00")).isFalse();
        assertThat(openAt(office, "2026-12-31T10:00:00")).as("the last date").isFalse();
        assertThat(openAt(office, "2026-12-29T10:00:00")).as("not a holiday").isTrue();
    }

    @Test
    void aDateOnTwoCalendarsOpensInTheHoursOfEitherOverride() {
        CompiledSchedule office = new CompiledSchedule(TestSite.officeHours("office"));
        office.addHolidays(List.of(LocalDate.of(2026, 12, 24)), List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(10, 0))));
        office.addHolidays(List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 26)),
                List.of(new TimeRange(LocalTime.of(20, 0), LocalTime.MIDNIGHT)));
        assertThat(openAt(office, "2026-12-24T09:30:00")).isTrue();
        assertThat(openAt(office, "2026-12-24T23:59:59.999")).as("until the end of the day").isTrue();
        assertThat(openAt(office, "2026-12-24T11:00:00")).as("weekly hours do not apply on a holiday").isFalse();
        assertThat(openAt(office, "2026-12-26T09:30:00")).as("only the second calendar names the 26th").isFalse();
        assertThat(openAt(office, "2026-12-26T21:00:00")).isTrue();
        assertThat(openAt(office, "2026-12-27T21:00:00")).as("an ordinary Sunday").isFalse();
    }

    @Test
    void aScheduleNeverOpensOnlyWithoutIntervalsAndWithoutOverrideHours() {
        CompiledSchedule empty = new CompiledSchedule(new Schedule("n", "n", List.of()));
        assertThat(empty.neverOpens()).isTrue();
        empty.addHolidays(List.of(LocalDate.of(2026, 12, 24)), List.of());
        assertThat(empty.neverOpens()).as("an override closing all day opens nothing").isTrue();
        empty.addHolidays(List.of(LocalDate.of(2026, 12, 25)), List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(10, 0))));
        assertThat(empty.neverOpens()).isFalse();
        assertThat(openAt(empty, "2026-12-25T09:15:00")).isTrue();
        assertThat(openAt(empty, "2026-12-23T09:15:00")).isFalse();
        assertThat(of(on(DayOfWeek.MONDAY, "08:00", "09:00")).neverOpens()).isFalse();
    }

    // ---- which compiled form answers: the fast ones wherever they are exact (a decision's cost), never elsewhere ----

    @Test
    void aWeekCoveredByWholeDaysInAnyOrderIsAlwaysOpenAndOneMissingSecondIsNot() {
        List<WeeklyInterval> days = new java.util.ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY, DayOfWeek.MONDAY, DayOfWeek.SATURDAY, DayOfWeek.TUESDAY,
                DayOfWeek.FRIDAY, DayOfWeek.THURSDAY)) {
            days.add(on(d, "00:00", "00:00"));
        }
        assertThat(new CompiledSchedule(new Schedule("s", "s", days)).alwaysOpen()).as("days touching end to start, listed out of order")
                .isTrue();
        assertThat(new CompiledSchedule(Schedule.always("a")).alwaysOpen()).isTrue();
        List<WeeklyInterval> shortOfMidnight = new java.util.ArrayList<>(days.subList(1, 7));
        shortOfMidnight.add(on(DayOfWeek.SUNDAY, "00:00", "23:59:59"));
        CompiledSchedule almost = new CompiledSchedule(new Schedule("s", "s", shortOfMidnight));
        assertThat(almost.alwaysOpen()).as("the week's last second missing").isFalse();
        assertThat(openAt(almost, "2026-12-06T23:59:59.5")).isFalse();
        List<WeeklyInterval> gap = new java.util.ArrayList<>(days.subList(0, 6));
        gap.add(on(DayOfWeek.THURSDAY, "00:00:01", "00:00"));
        assertThat(new CompiledSchedule(new Schedule("s", "s", gap)).alwaysOpen()).as("Thursday's first second missing").isFalse();
        assertThat(of(on(DayOfWeek.MONDAY, "00:00", "00:00")).alwaysOpen()).isFalse();
        CompiledSchedule withHoliday = new CompiledSchedule(Schedule.always("a"));
        withHoliday.addHolidays(List.of(LocalDate.of(2026, 12, 25)), List.of());
        assertThat(withHoliday.alwaysOpen()).as("a holiday override closes it on its days").isFalse();
    }

    @Test
    void wholeMinuteBoundsAreAnsweredFromTheBitmapAndASecondInEitherBoundFromTheIntervals() {
        assertThat(of(on(DayOfWeek.MONDAY, "09:00", "17:00"), on(DayOfWeek.FRIDAY, "13:30", "00:00")).byMinute()).isTrue();
        assertThat(of().byMinute()).as("no interval: an empty bitmap").isTrue();
        assertThat(of(on(DayOfWeek.MONDAY, "09:00:30", "17:00")).byMinute()).isFalse();
        assertThat(of(on(DayOfWeek.MONDAY, "09:00", "17:00:01")).byMinute()).isFalse();
        assertThat(of(on(DayOfWeek.MONDAY, "09:00", "17:00"), on(DayOfWeek.TUESDAY, "09:00", "09:00:00.000000001")).byMinute())
                .as("one interval off the minute is enough").isFalse();
    }
}
