package io.cagekeeper.policy.model;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A wall-clock interval on one day of the week, in the site's time zone: [start, end). An end of
 * {@link LocalTime#MIDNIGHT} with a start after it means "until the end of the day".
 */
public record WeeklyInterval(DayOfWeek day, LocalTime start, LocalTime end) {
    public WeeklyInterval {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
            throw new IllegalArgumentException("interval end must be after start: " + day + " " + start + "-" + end);
        }
    }

    public boolean contains(DayOfWeek d, LocalTime t) {
        return d == day && !t.isBefore(start) && (end.equals(LocalTime.MIDNIGHT) || t.isBefore(end));
    }
}
