package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.PolicyDelta.SmallParts;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Site;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Applies logged rows of the small policy tables (site, zones, doors, readers, schedules, access
 * levels and their doors, and the rule tables, visits included) to the small parts of the policy
 * before them, giving the small parts after them. Rows are keyed by their table's primary key and the
 * lists rebuilt in the order the full load reads them: by key, component by component, in Java string
 * order (composite keys are joined with NUL, which sorts before every other character, so the joined
 * strings sort as the key tuples do).
 */
final class SmallPartsEditor {

    private static final Site UNCONFIGURED = new Site("unconfigured", "Unconfigured site", ZoneOffset.UTC);

    private final SmallParts before;
    private boolean changed;
    private Site site;
    private Integer pinMaxFailures;
    private Integer escortWindowSeconds;
    private final Map<String, Keyed<?>> tables = new TreeMap<>();

    SmallPartsEditor(SmallParts before) {
        this.before = before;
        this.site = before.site();
        this.pinMaxFailures = before.rules().pinMaxFailures();
        this.escortWindowSeconds = before.rules().escortWindowSeconds();
    }

    /** True when some row was applied. */
    boolean changed() {
        return changed;
    }

    /** Applies one logged row: {@code removed} for a delete, otherwise the row as it now is. */
    void apply(String table, boolean removed, RowImage r) {
        changed = true;
        switch (table) {
            case "site" -> site = removed ? UNCONFIGURED : PolicyRows.site(r);
            case "site_settings" -> {
                pinMaxFailures = removed ? PolicyRules.DEFAULT_PIN_MAX_FAILURES : r.integer("pin_max_failures");
                escortWindowSeconds = removed ? PolicyRules.DEFAULT_ESCORT_WINDOW_SECONDS : r.integer("escort_window_seconds");
            }
            case "zones" -> put(table, r.string("id"), removed ? null : PolicyRows.zone(r));
            case "doors" -> put(table, r.string("id"), removed ? null : PolicyRows.door(r));
            case "readers" -> put(table, r.string("id"), removed ? null : PolicyRows.reader(r));
            case "schedules" -> put(table, r.string("id"), removed ? null : PolicyRows.schedule(r));
            case "access_levels" -> put(table, r.string("id"), removed ? null : new AccessLevel(r.string("id"), r.string("name"), List.of()));
            case "access_level_doors" -> put(table, key(r.string("access_level_id"), r.string("door_id")),
                    removed ? null : new LevelDoor(r.string("access_level_id"), PolicyRows.levelDoor(r)));
            case "door_modes" -> put(table, key(r.string("door_id"), r.string("mode"), r.string("schedule_id")),
                    removed ? null : PolicyRows.doorMode(r));
            case "holiday_calendars" -> put(table, r.string("id"), removed ? null : PolicyRows.calendar(r));
            case "schedule_overrides" -> put(table, key(r.string("schedule_id"), r.string("calendar_id")),
                    removed ? null : PolicyRows.override(r));
            case "zone_policies" -> put(table, r.string("zone_id"), removed ? null : PolicyRows.zonePolicy(r));
            case "visits" -> put(table, r.string("id"), removed ? null : PolicyRows.visit(r));
            case "restrictions" -> put(table, r.string("id"), removed ? null : PolicyRows.restriction(r));
            case "threat_rules" -> put(table, r.string("level"), removed ? null : PolicyRows.threatRule(r));
            default -> throw new IllegalArgumentException("not a small policy table: " + table);
        }
    }

    /** The small parts after every applied row. */
    SmallParts result() {
        PolicyRules r = before.rules();
        PolicyRules rules = new PolicyRules(
                list("door_modes", r.doorModes(), m -> key(m.doorId(), m.mode().name(), m.scheduleId())),
                list("holiday_calendars", r.holidayCalendars(), c -> c.id()),
                list("schedule_overrides", r.scheduleOverrides(), o -> key(o.scheduleId(), o.calendarId())),
                list("zone_policies", r.zonePolicies(), z -> z.zoneId()),
                list("visits", r.visits(), v -> v.id()),
                list("restrictions", r.restrictions(), x -> x.id()),
                list("threat_rules", r.threatRules(), t -> t.level().name()),
                pinMaxFailures, escortWindowSeconds);
        return new SmallParts(site, list("zones", before.zones(), z -> z.id()), list("doors", before.doors(), d -> d.id()),
                list("readers", before.readers(), x -> x.id()), list("schedules", before.schedules(), s -> s.id()),
                levels(), rules);
    }

    private record LevelDoor(String levelId, DoorSchedule door) {
    }

    private List<AccessLevel> levels() {
        if (!tables.containsKey("access_levels") && !tables.containsKey("access_level_doors")) {
            return before.accessLevels();
        }
        // the levels with their names (a changed level's doors are filled in below), then the doors of each
        List<AccessLevel> named = list("access_levels", before.accessLevels(), AccessLevel::id);
        List<LevelDoor> doors = list("access_level_doors", before.accessLevels().stream()
                .flatMap(l -> l.doors().stream().map(d -> new LevelDoor(l.id(), d))).toList(),
                ld -> key(ld.levelId(), ld.door().doorId()));
        Map<String, List<DoorSchedule>> byLevel = new TreeMap<>();
        for (LevelDoor ld : doors) {
            byLevel.computeIfAbsent(ld.levelId(), k -> new ArrayList<>()).add(ld.door());
        }
        List<AccessLevel> out = new ArrayList<>(named.size());
        for (AccessLevel l : named) {
            out.add(new AccessLevel(l.id(), l.name(), byLevel.getOrDefault(l.id(), List.of())));
        }
        return out;
    }

    static String key(String... parts) {
        return String.join("\u0000", parts);
    }

    private void put(String table, String key, Object value) {
        tables.computeIfAbsent(table, t -> new Keyed<>()).changes.put(key, value);
    }

    /** {@code before} with the changes logged for {@code table}, in key order; unchanged lists are kept as they are. */
    @SuppressWarnings("unchecked")
    private <T> List<T> list(String table, List<T> before, Function<T, String> key) {
        Keyed<?> k = tables.get(table);
        if (k == null) {
            return before;
        }
        TreeMap<String, T> all = new TreeMap<>();
        for (T t : before) {
            all.put(key.apply(t), t);
        }
        k.changes.forEach((id, v) -> {
            if (v == null) {
                all.remove(id);
            } else {
                all.put(id, (T) v);
            }
        });
        return new ArrayList<>(all.values());
    }

    private static final class Keyed<T> {
        /** key → the row now, or null when removed (or, for visits, no longer in force); in log order, last wins */
        final Map<String, Object> changes = new java.util.LinkedHashMap<>();
    }
}
