package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The one projection of policy-table rows onto the engine's model, used by the full load
 * ({@link PolicyStore#load}) and by the change log ({@link PolicyDeltas}) alike. Where a row is
 * stored but not in force (a grant not approved, a visit requested, denied, cancelled or cut to
 * nothing by its check-out) the projection is {@code null}: the full load skips it and a delta
 * removes it.
 */
final class PolicyRows {

    /** The visit states that reach the engine; the others never admit anyone. */
    static final Set<String> VISITS_IN_FORCE = Set.of("APPROVED", "CHECKED_IN", "CHECKED_OUT");

    private PolicyRows() {
    }

    static Site site(RowImage r) {
        return new Site(r.string("id"), r.string("name"), ZoneId.of(r.string("time_zone")));
    }

    static Zone zone(RowImage r) {
        return new Zone(r.string("id"), r.string("name"), r.string("parent_id"));
    }

    static Door door(RowImage r) {
        return new Door(r.string("id"), r.string("name"), r.string("from_zone"), r.string("to_zone"),
                r.string("interlock_group"));
    }

    static Reader reader(RowImage r) {
        return new Reader(r.string("id"), r.string("door_id"), ReaderSide.valueOf(r.string("side")));
    }

    static Person person(RowImage r) {
        return new Person(r.string("id"), r.string("name"), PersonType.valueOf(r.string("type")), r.instant("terminated_at"));
    }

    /** @param pinHash the credential's PIN hash as the engine should see it (the image never holds one) */
    static Credential credential(RowImage r, String pinHash) {
        return new Credential(r.string("id"), CardNumber.parse(r.string("card")), r.string("person_id"),
                CredentialStatus.valueOf(r.string("status")), r.instant("valid_from"), r.instant("valid_until"),
                r.instant("status_changed_at"), r.string("status_changed_by"), pinHash);
    }

    static Schedule schedule(RowImage r) {
        return new Schedule(r.string("id"), r.string("name"), PolicyStore.intervals(r.strings("intervals")));
    }

    static DoorSchedule levelDoor(RowImage r) {
        return new DoorSchedule(r.string("door_id"), r.string("schedule_id"));
    }

    /** Only approved grants are in force; requested, denied and revoked ones never reach the engine (expiry is the window). */
    static Grant grant(RowImage r) {
        if (!"APPROVED".equals(r.string("state"))) {
            return null;
        }
        return new Grant(r.string("id"), r.string("person_id"), r.string("access_level_id"), r.instant("valid_from"),
                r.instant("valid_until"), r.string("approved_by"));
    }

    static DoorModeRule doorMode(RowImage r) {
        return new DoorModeRule(r.string("door_id"), DoorMode.valueOf(r.string("mode")), r.string("schedule_id"));
    }

    static HolidayCalendar calendar(RowImage r) {
        return new HolidayCalendar(r.string("id"), r.string("name"), List.of(r.dates("dates")));
    }

    static ScheduleOverride override(RowImage r) {
        String[] texts = r.strings("hours");
        List<TimeRange> ranges = new ArrayList<>(texts.length);
        for (String t : texts) {
            String[] p = t.trim().split("\\s+");
            ranges.add(new TimeRange(LocalTime.parse(p[0]), LocalTime.parse(p[1])));
        }
        return new ScheduleOverride(r.string("schedule_id"), r.string("calendar_id"), ranges);
    }

    static ZonePolicy zonePolicy(RowImage r) {
        return new ZonePolicy(r.string("zone_id"), ApbMode.valueOf(r.string("apb")), r.integer("apb_minutes"),
                r.integer("two_person_seconds"));
    }

    /**
     * Approved, checked-in and checked-out visits, each window cut at its check-out: a visitor is let in
     * only in [valid_from, min(valid_until, checked_out_at)), so a checked-out visit stays in the
     * snapshot as it was (replay and reconciliation re-judge entries made during it) but admits nobody
     * after the check-out. Requested, denied, cancelled and no-show visits never reach the engine.
     */
    static Visit visit(RowImage r) {
        if (!VISITS_IN_FORCE.contains(r.string("state"))) {
            return null;
        }
        Instant from = r.instant("valid_from");
        Instant until = r.instant("valid_until");
        Instant out = r.instant("checked_out_at");
        if (out != null && out.isBefore(until)) {
            until = out;
        }
        if (!until.isAfter(from)) {
            return null;
        }
        return new Visit(r.string("id"), r.string("visitor_person_id"), r.string("zone_id"), from, until,
                r.string("escort_person_id"), r.string("approved_by"));
    }

    static Restriction restriction(RowImage r) {
        return new Restriction(r.string("id"), r.string("person_id"), r.string("zone_id"), r.instant("valid_from"),
                r.instant("valid_until"), r.string("reason"), r.string("created_by"));
    }

    static ThreatRule threatRule(RowImage r) {
        return new ThreatRule(ThreatLevel.valueOf(r.string("level")),
                Arrays.stream(r.strings("person_types")).map(PersonType::valueOf).toList(), List.of(r.strings("access_level_ids")));
    }
}
