package io.cagekeeper.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * On every date of {@code calendarId}, schedule {@code scheduleId} ignores its weekly intervals and is
 * open only during {@code hours} (empty: closed all day). Holidays override, they never add to, the
 * weekly pattern, so a holiday cannot silently open a door that the weekly schedule keeps shut unless
 * the override says so explicitly.
 */
public record ScheduleOverride(String scheduleId, String calendarId, List<TimeRange> hours) {
    public ScheduleOverride {
        Objects.requireNonNull(scheduleId, "scheduleId");
        Objects.requireNonNull(calendarId, "calendarId");
        hours = List.copyOf(hours);
    }
}
