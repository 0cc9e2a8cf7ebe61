package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.WeeklyInterval;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

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
}
