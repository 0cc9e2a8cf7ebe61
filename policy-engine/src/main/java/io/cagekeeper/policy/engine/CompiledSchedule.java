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
    /** The weekly intervals cover the whole week (and no holiday override was added): open whatever the time. */
    private boolean always;
    /**
     * Minute-of-week bitmap of the weekly intervals (bit m: open during minute m, Monday 00:00 = 0), when
     * every interval bound is a whole minute, so that a bit says exactly what the intervals say for each
     * instant of its minute; null otherwise (the intervals are then scanned).
     */
    private final long[] minutes;
    private static final long NANOS_PER_MINUTE = 60 * SiteClock.NANOS_PER_SECOND;
    private static final int MINUTES_PER_WEEK = 7 * 24 * 60;

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
        always = coversWeek(starts, ends);
        minutes = minuteBitmap(starts, ends);
    }

    private static long[] minuteBitmap(long[] s, long[] e) {
        long[] bits = new long[(MINUTES_PER_WEEK + 63) / 64];
        for (int i = 0; i < s.length; i++) {
            if (s[i] % NANOS_PER_MINUTE != 0 || e[i] % NANOS_PER_MINUTE != 0) {
                return null;
            }
            for (long m = s[i] / NANOS_PER_MINUTE; m < e[i] / NANOS_PER_MINUTE; m++) {
                bits[(int) (m >>> 6)] |= 1L << m;
            }
        }
        return bits;
    }

    /** True when the union of the ranges is the whole week [0, 7 days). */
    private static boolean coversWeek(long[] s, long[] e) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(s[a], s[b]));
        long covered = 0;   // [0, covered) is covered
        for (int i : order) {
            if (s[i] > covered) {
                return false;
            }
            covered = Math.max(covered, e[i]);
        }
        return covered >= 7 * SiteClock.NANOS_PER_DAY;
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
        always = false;   // on a holiday only the override's hours open
    }

    /** True when it is open whatever the time (the week covered, no holiday override): answered without the clock. */
    boolean alwaysOpen() {
        return always;
    }

    /** True when the weekly intervals are answered from the minute bitmap (every bound a whole minute). */
    boolean byMinute() {
        return minutes != null;
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
        if (always) {
            return true;
        }
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
        if (minutes != null) {
            int m = (int) (dayOfWeek * 1440 + Math.floorMod(localSeconds, SiteClock.SECONDS_PER_DAY) / 60);
            return (minutes[m >>> 6] & 1L << m) != 0;
        }
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
