package io.cagekeeper.policy.lint;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.ScheduleOverride;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reports conflicting, shadowed and dead policy: things the engine will silently never use, or use
 * against the intent of whoever wrote them. Pure: data and "now" in, findings out, in a stable order
 * (by check, then as the data lists them). It never throws on inconsistent data; inconsistencies are
 * findings too, so that lint can explain why a snapshot refused to compile.
 *
 * <p>Grant-related checks live here; visits, zones and door rules in {@link ZoneLint}.
 */
public final class PolicyLint {

    private PolicyLint() {
    }

    public static List<LintFinding> lint(PolicyData data, Instant now) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(now, "now");
        Index ix = new Index(data);
        List<LintFinding> out = new ArrayList<>();
        neverOpeningSchedules(data, ix, out);
        grants(data, ix, now, out);
        credentials(data, ix, now, out);
        shadowedGrants(data, out);
        ZoneLint.run(data, ix, now, out);
        out.sort((a, b) -> a.check().compareTo(b.check()));   // stable: keeps data order within a check
        return List.copyOf(out);
    }

    /** Lookups shared by the checks. */
    static final class Index {
        final Map<String, Person> persons;
        final Map<String, Door> doors;
        final Map<String, AccessLevel> levels;
        final Map<String, Schedule> schedules;
        final Map<String, List<Grant>> grantsByPerson = new HashMap<>();

        Index(PolicyData d) {
            persons = byId(d.persons(), Person::id);
            doors = byId(d.doors(), Door::id);
            levels = byId(d.accessLevels(), AccessLevel::id);
            schedules = byId(d.schedules(), Schedule::id);
            for (Grant g : d.grants()) {
                grantsByPerson.computeIfAbsent(g.personId(), k -> new ArrayList<>(1)).add(g);
            }
        }

        /** Door ids a level opens (known doors only). */
        Set<String> doorsOf(String levelId) {
            AccessLevel l = levels.get(levelId);
            Set<String> ids = new HashSet<>();
            if (l != null) {
                for (DoorSchedule ds : l.doors()) {
                    if (doors.containsKey(ds.doorId())) {
                        ids.add(ds.doorId());
                    }
                }
            }
            return ids;
        }

        boolean terminatedBy(String personId, Instant at) {
            Person p = persons.get(personId);
            return p != null && p.terminatedAt(at);
        }

        private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
            Map<String, T> m = new HashMap<>();
            for (T t : items) {
                m.putIfAbsent(id.apply(t), t);
            }
            return m;
        }
    }

    static boolean overlaps(Instant aFrom, Instant aUntil, Instant bFrom, Instant bUntil) {
        return (aUntil == null || aUntil.isAfter(bFrom)) && (bUntil == null || bUntil.isAfter(aFrom));
    }

    private static void neverOpeningSchedules(PolicyData data, Index ix, List<LintFinding> out) {
        Set<String> withHolidayHours = new HashSet<>();
        for (ScheduleOverride o : data.rules().scheduleOverrides()) {
            if (!o.hours().isEmpty()) {
                withHolidayHours.add(o.scheduleId());
            }
        }
        Map<String, Integer> grantsPerLevel = new HashMap<>();
        for (Grant g : data.grants()) {
            grantsPerLevel.merge(g.accessLevelId(), 1, Integer::sum);
        }
        for (AccessLevel l : data.accessLevels()) {
            for (DoorSchedule ds : l.doors()) {
                Schedule s = ix.schedules.get(ds.scheduleId());
                if (!ix.doors.containsKey(ds.doorId())) {
                    out.add(LintFinding.of(LintCheck.UNKNOWN_REFERENCE, "access-level:" + l.id(),
                            "access level " + l.id() + " names unknown door " + ds.doorId()));
                } else if (s == null) {
                    out.add(LintFinding.of(LintCheck.UNKNOWN_REFERENCE, "access-level:" + l.id(),
                            "access level " + l.id() + " names unknown schedule " + ds.scheduleId()));
                } else if (s.intervals().isEmpty() && !withHolidayHours.contains(s.id())
                        && grantsPerLevel.getOrDefault(l.id(), 0) > 0) {
                    out.add(LintFinding.of(LintCheck.SCHEDULE_NEVER_OPENS, "access-level:" + l.id(),
                            grantsPerLevel.get(l.id()) + " grant(s) of level " + l.id() + " reach door " + ds.doorId()
                                    + " only through schedule " + s.id() + ", which never opens"));
                }
            }
        }
    }

    private static void grants(PolicyData data, Index ix, Instant now, List<LintFinding> out) {
        for (Grant g : data.grants()) {
            Person p = ix.persons.get(g.personId());
            String subject = "grant:" + g.id();
            if (p == null) {
                out.add(LintFinding.of(LintCheck.UNKNOWN_REFERENCE, subject, "grant " + g.id() + " names unknown person " + g.personId()));
                continue;
            }
            if (!ix.levels.containsKey(g.accessLevelId())) {
                out.add(LintFinding.of(LintCheck.UNKNOWN_REFERENCE, subject,
                        "grant " + g.id() + " names unknown access level " + g.accessLevelId()));
            }
            boolean expired = g.validUntil() != null && !g.validUntil().isAfter(now);
            if (expired) {
                out.add(LintFinding.of(LintCheck.GRANT_EXPIRED, subject, "grant " + g.id() + " of " + p.name()
                        + " expired at " + g.validUntil() + " and is still assigned"));
            } else if (p.terminatedAt() != null && (g.validUntil() == null || g.validUntil().isAfter(p.terminatedAt()))) {
                out.add(LintFinding.of(LintCheck.GRANT_OF_TERMINATED_PERSON, subject, "grant " + g.id() + " outlives "
                        + p.name() + "'s termination at " + p.terminatedAt()));
            }
            if (p.type() == PersonType.VISITOR) {
                out.add(LintFinding.of(LintCheck.GRANT_OF_VISITOR, subject, "grant " + g.id() + " is given to visitor "
                        + p.name() + "; visitors enter through visits with an escort only"));
            }
        }
    }

    private static void credentials(PolicyData data, Index ix, Instant now, List<LintFinding> out) {
        for (Credential c : data.credentials()) {
            Person p = ix.persons.get(c.personId());
            if (p == null) {
                out.add(LintFinding.of(LintCheck.UNKNOWN_REFERENCE, "credential:" + c.id(),
                        "credential " + c.card() + " names unknown person " + c.personId()));
            } else if (c.status() == CredentialStatus.ACTIVE && p.terminatedAt(now)) {
                out.add(LintFinding.of(LintCheck.CREDENTIAL_OF_TERMINATED_PERSON, "credential:" + c.id(),
                        "credential " + c.card() + " is still ACTIVE although " + p.name() + " was terminated at "
                                + p.terminatedAt()));
            }
        }
    }

    private static void shadowedGrants(PolicyData data, List<LintFinding> out) {
        Map<String, List<Grant>> byPersonLevel = new HashMap<>();
        for (Grant g : data.grants()) {
            byPersonLevel.computeIfAbsent(g.personId() + '\u001f' + g.accessLevelId(), k -> new ArrayList<>(1)).add(g);
        }
        for (List<Grant> same : byPersonLevel.values()) {
            for (int i = 0; i < same.size(); i++) {
                Grant g = same.get(i);
                for (int k = 0; k < same.size(); k++) {
                    Grant other = same.get(k);
                    // Of two grants with equal windows, the later one in the data is the shadowed one.
                    if (k != i && covers(other, g) && (!covers(g, other) || k < i)) {
                        out.add(LintFinding.of(LintCheck.GRANT_SHADOWED, "grant:" + g.id(), "grant " + g.id()
                                + " adds nothing: grant " + other.id() + " gives the same level over its whole window"));
                        break;
                    }
                }
            }
        }
    }

    /** True when {@code a}'s window contains {@code b}'s. */
    private static boolean covers(Grant a, Grant b) {
        return !a.validFrom().isAfter(b.validFrom())
                && (a.validUntil() == null || b.validUntil() != null && !a.validUntil().isBefore(b.validUntil()));
    }
}
