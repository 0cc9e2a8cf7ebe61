package io.cagekeeper.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The canonical tables of a scenario as they fill up, and the site's calendar: day {@code d} of the
 * period at a local time, in the site's zone (so a day across a DST change has 23 or 25 hours).
 */
final class World {

    final LocalDate start;
    final int days;
    final ZoneId zone;
    final Instant from;
    final Instant to;
    final Traffic traffic = new Traffic();
    final CsvTable persons = new CsvTable("id", "name", "type", "organization", "terminated_at");
    final CsvTable credentials = new CsvTable("id", "card", "person", "status", "valid_from", "valid_until", "visit");
    final CsvTable statusChanges = new CsvTable("credential", "at", "from_status", "to_status", "actor", "approval");
    final CsvTable approvals = new CsvTable("id", "kind", "person", "zone", "valid_from", "valid_until", "state",
            "requested_by", "requested_at", "approved_by", "approved_at", "revoked_at", "escort", "organization", "host",
            "purpose", "id_type", "checked_in_at", "checked_out_at", "credential");
    /** at, actor, table, key, op, state, approval; numbered by time when written. */
    final java.util.List<Object[]> aclChanges = new java.util.ArrayList<>();

    World(LocalDate start, int days, ZoneId zone) {
        this.start = start;
        this.days = days;
        this.zone = zone;
        this.from = start.atStartOfDay(zone).toInstant();
        this.to = start.plusDays(days).atStartOfDay(zone).toInstant();
    }

    Instant at(int day, int hour, int minute) {
        return start.plusDays(day).atTime(LocalTime.of(hour, minute)).atZone(zone).toInstant();
    }

    boolean weekday(int day) {
        return start.plusDays(day).getDayOfWeek().getValue() <= 5;
    }

    static Instant plus(Instant at, long minutes) {
        return at.plus(Duration.ofMinutes(minutes));
    }
}
