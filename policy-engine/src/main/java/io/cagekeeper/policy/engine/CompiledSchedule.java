package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.WeeklyInterval;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A schedule flattened to nanosecond-of-week ranges, plus its holiday overrides as sorted epoch days
 * with nanosecond-of-day ranges. Evaluation is a few array reads: no ZonedDateTime per decision.
 */
final class CompiledSchedule {

    private final long[] starts;
    private final long[] ends;
    private final List<Holidays> holidays = new ArrayList<>(0);

    /** One override: on these days, open only in these ranges. */
    private record Holidays(long[] days, long[] starts, long[] ends) {
    }

    CompiledSchedule(Schedule schedule) {
        List<WeeklyInterval> in = schedule.intervals();
        starts = new long[in.size()];
        ends = new long[in.size()];
        for (int i = 0; i < in.size(); i++) {
            WeeklyInterval w = in.get(i);
            long day = (w.day().getValue() - 1L) * SiteClock.NANOS_PER_DAY;
            starts[i] = day + w.start().toNanoOfDay();
            ends[i] = day + endOfDay(w.end());
        }
    }

    void addHolidays(List<LocalDate> dates, List<TimeRange> hours) {
        long[] days = dates.stream().mapToLong(LocalDate::toEpochDay).sorted().distinct().toArray();
        long[] s = new long[hours.size()];
        long[] e = new long[hours.size()];
        for (int i = 0; i < hours.size(); i++) {
            s[i] = hours.get(i).start().toNanoOfDay();
            e[i] = endOfDay(hours.get(i).end());
        }
        holidays.add(new Holidays(days, s, e));
    }

    /** True when the schedule can never open (no interval, and no override hours). */
    boolean neverOpens() {
        return starts.length == 0 && holidays.stream().allMatch(h -> h.starts.length == 0);
    }

    /**
     * Open at this wall-clock moment?
     *
     * @param localSeconds seconds since the local epoch (see {@link SiteClock#localSeconds})
     * @param nano         nanosecond of the second
     */
    boolean openAt(long localSeconds, int nano) {
        long epochDay = Math.floorDiv(localSeconds, SiteClock.SECONDS_PER_DAY);
        long nanoOfDay = Math.floorMod(localSeconds, SiteClock.SECONDS_PER_DAY) * SiteClock.NANOS_PER_SECOND + nano;
        if (!holidays.isEmpty()) {
            boolean holiday = false;
            for (Holidays h : holidays) {
                if (Arrays.binarySearch(h.days, epochDay) >= 0) {
                    holiday = true;
                    if (within(h.starts, h.ends, nanoOfDay)) {
                        return true;
                    }
                }
            }
            if (holiday) {
                return false;
            }
        }
        long dayOfWeek = Math.floorMod(epochDay + 3, 7);   // 1970-01-01 was a Thursday; Monday = 0
        return within(starts, ends, dayOfWeek * SiteClock.NANOS_PER_DAY + nanoOfDay);
    }

    private static boolean within(long[] s, long[] e, long t) {
        for (int i = 0; i < s.length; i++) {
            if (t >= s[i] && t < e[i]) {
                return true;
            }
        }
        return false;
    }

    private static long endOfDay(LocalTime end) {
        return end.equals(LocalTime.MIDNIGHT) ? SiteClock.NANOS_PER_DAY : end.toNanoOfDay();
    }
}
