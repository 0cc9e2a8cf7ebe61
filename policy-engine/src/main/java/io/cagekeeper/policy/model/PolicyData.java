package io.cagekeeper.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything the engine decides from, as plain values: what the gateway loads from its store and
 * what reconciliation reads back from an export. Compiled into a {@code PolicySnapshot}.
 */
public record PolicyData(Site site, List<Zone> zones, List<Door> doors, List<Reader> readers,
                         List<Person> persons, List<Credential> credentials, List<Schedule> schedules,
                         List<AccessLevel> accessLevels, List<Grant> grants, PolicyRules rules) {
    public PolicyData {
        Objects.requireNonNull(site, "site");
        zones = List.copyOf(zones);
        doors = List.copyOf(doors);
        readers = List.copyOf(readers);
        persons = List.copyOf(persons);
        credentials = List.copyOf(credentials);
        schedules = List.copyOf(schedules);
        accessLevels = List.copyOf(accessLevels);
        grants = List.copyOf(grants);
        rules = rules == null ? PolicyRules.none() : rules;
    }

    /** The original component list: no extra rules. */
    public PolicyData(Site site, List<Zone> zones, List<Door> doors, List<Reader> readers,
                      List<Person> persons, List<Credential> credentials, List<Schedule> schedules,
                      List<AccessLevel> accessLevels, List<Grant> grants) {
        this(site, zones, doors, readers, persons, credentials, schedules, accessLevels, grants, PolicyRules.none());
    }

    /** A copy with other rules. */
    public PolicyData withRules(PolicyRules newRules) {
        return new PolicyData(site, zones, doors, readers, persons, credentials, schedules, accessLevels, grants, newRules);
    }
}
