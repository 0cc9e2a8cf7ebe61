package io.cagekeeper.policy.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What one committed policy change did, as the engine needs it: the bulky parts (persons,
 * credentials, grants; up to millions) as rows put or removed by id, and the small parts (site,
 * zones, doors, readers, schedules, access levels, rules; tens to thousands of rows) as a whole new
 * value when any of them changed. A delta takes the policy of {@code version - 1} to {@code version}.
 *
 * <p>{@link #applyTo} is the definition of what a delta means, written for clarity rather than
 * speed: an incremental snapshot patch must give exactly the snapshot compiled from
 * {@code delta.applyTo(data)}. Lists stay in the order the store loads them: by id, compared as
 * Java strings (which is byte order for the ASCII ids the store allows).
 *
 * @param persons     id → the person now, or null when removed
 * @param credentials id → the credential now, or null when removed
 * @param grants      id → the grant now (only grants in force reach the engine), or null when removed or no longer in force
 * @param small       the new small parts, or null when none of them changed
 */
public record PolicyDelta(long version, Map<String, Person> persons, Map<String, Credential> credentials,
                          Map<String, Grant> grants, SmallParts small) {

    public PolicyDelta {
        persons = Collections.unmodifiableMap(new TreeMap<>(persons));
        credentials = Collections.unmodifiableMap(new TreeMap<>(credentials));
        grants = Collections.unmodifiableMap(new TreeMap<>(grants));
        persons.forEach((id, p) -> check(id, p == null ? null : p.id(), "person"));
        credentials.forEach((id, c) -> check(id, c == null ? null : c.id(), "credential"));
        grants.forEach((id, g) -> check(id, g == null ? null : g.id(), "grant"));
    }

    /** The parts of the policy small enough to be replaced whole when any of them changes. */
    public record SmallParts(Site site, List<Zone> zones, List<Door> doors, List<Reader> readers, List<Schedule> schedules,
                             List<AccessLevel> accessLevels, PolicyRules rules) {
        public SmallParts {
            Objects.requireNonNull(site, "site");
            zones = List.copyOf(zones);
            doors = List.copyOf(doors);
            readers = List.copyOf(readers);
            schedules = List.copyOf(schedules);
            accessLevels = List.copyOf(accessLevels);
            Objects.requireNonNull(rules, "rules");
        }

        /** The small parts of {@code data}. */
        public static SmallParts of(PolicyData data) {
            return new SmallParts(data.site(), data.zones(), data.doors(), data.readers(), data.schedules(), data.accessLevels(),
                    data.rules());
        }
    }

    /** True when the delta changes nothing (a version whose rows were all written back unchanged). */
    public boolean isEmpty() {
        return persons.isEmpty() && credentials.isEmpty() && grants.isEmpty() && small == null;
    }

    /** Rows the delta touches: its size, for logs and benchmarks. */
    public int size() {
        return persons.size() + credentials.size() + grants.size() + (small == null ? 0 : 1);
    }

    /** The policy after this delta, given the policy before it (lists by id, as the store loads them). */
    public PolicyData applyTo(PolicyData before) {
        SmallParts s = small != null ? small : SmallParts.of(before);
        return new PolicyData(s.site(), s.zones(), s.doors(), s.readers(), merge(before.persons(), persons, Person::id),
                merge(before.credentials(), credentials, Credential::id), s.schedules(), s.accessLevels(),
                merge(before.grants(), grants, Grant::id), s.rules());
    }

    private static <T> List<T> merge(List<T> before, Map<String, T> changes, Function<T, String> id) {
        if (changes.isEmpty()) {
            return before;
        }
        TreeMap<String, T> all = new TreeMap<>();
        for (T t : before) {
            all.put(id.apply(t), t);
        }
        changes.forEach((k, v) -> {
            if (v == null) {
                all.remove(k);
            } else {
                all.put(k, v);
            }
        });
        return new ArrayList<>(all.values());
    }

    private static void check(String key, String rowId, String what) {
        Objects.requireNonNull(key, what + " id");
        if (rowId != null && !rowId.equals(key)) {
            throw new IllegalArgumentException(what + " " + rowId + " filed under id " + key);
        }
    }
}
