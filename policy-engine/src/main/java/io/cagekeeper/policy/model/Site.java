package io.cagekeeper.policy.model;

import java.time.ZoneId;
import java.util.Objects;

/** The site whose wall clock schedules are written in. */
public record Site(String id, String name, ZoneId timeZone) {
    public Site {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
