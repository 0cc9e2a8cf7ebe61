package io.cagekeeper.policy.model;

import java.time.LocalTime;
import java.util.Objects;

/** A wall-clock range [start, end) within one day; an end of MIDNIGHT means "until the end of the day". */
public record TimeRange(LocalTime start, LocalTime end) {
    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
            throw new IllegalArgumentException("range end must be after start: " + start + "-" + end);
        }
    }
}
