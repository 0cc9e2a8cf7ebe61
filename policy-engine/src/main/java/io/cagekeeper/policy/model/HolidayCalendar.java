package io.cagekeeper.policy.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** Named dates (in the site's time zone) on which {@link ScheduleOverride}s replace weekly schedules. */
public record HolidayCalendar(String id, String name, List<LocalDate> dates) {
    public HolidayCalendar {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        dates = List.copyOf(dates);
    }
}
