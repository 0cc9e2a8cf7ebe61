package io.cagekeeper.policy.model;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/** When an access level's door is usable: a set of weekly wall-clock intervals. */
public record Schedule(String id, String name, List<WeeklyInterval> intervals) {
    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        intervals = List.copyOf(intervals);
    }

    /** A schedule that is always open. */
    public static Schedule always(String id) {
        return new Schedule(id, "Always", java.util.Arrays.stream(DayOfWeek.values())
                .map(d -> new WeeklyInterval(d, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)).toList());
    }

    public boolean openAt(DayOfWeek day, LocalTime time) {
        for (WeeklyInterval i : intervals) {
            if (i.contains(day, time)) {
                return true;
            }
        }
        return false;
    }
}
