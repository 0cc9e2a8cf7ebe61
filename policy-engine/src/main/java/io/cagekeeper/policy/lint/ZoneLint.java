package io.cagekeeper.policy.lint;

import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The zone-side lint checks: zone nesting, visits, two-person zones, restrictions, door modes, interlocks. */
final class ZoneLint {

    private ZoneLint() {
    }

    static void run(PolicyData data, PolicyLint.Index ix, Instant now, List<LintFinding> out) {
        Map<String, Zone> zones = new HashMap<>();
        data.zones().forEach(z -> zones.putIfAbsent(z.id(), z));
        cycles(data, zones, out);
        for (Door d : data.doors()) {
            for (String z : List.of(d.fromZone(), d.toZone())) {
                if (!zones.containsKey(z)) {
                    out.add(LintFinding.of(LintCheck.UNKNOWN_REFERENCE, "door:" + d.id(), "door " + d.id() + " names unknown zone " + z));
                }
            }
        }
        visits(data, ix, zones, now, out);
        twoPerson(data, ix, now, out);
        restrictions(data, ix, zones, out);
        pinDoors(data, ix, now, out);
        interlocks(data, out);
    }

    static boolean within(Map<String, Zone> zones, String zoneId, String ancestorId) {
        return Zone.within(zones, zoneId, ancestorId);
    }

    private static void cycles(PolicyData data, Map<String, Zone> zones, List<LintFinding> out) {
        for (Zone z : data.zones()) {
            Set<String> seen = new HashSet<>();
            String at = z.id();
            while (at != null && seen.add(at)) {
                Zone cur = zones.get(at);
                at = cur == null ? null : cur.parentId();
            }
            if (at != null && at.equals(z.id())) {
                out.add(LintFinding.of(LintCheck.ZONE_CYCLE, "zone:" + z.id(), "zone " + z.id() + " is nested inside itself"));
            }
        }
    }

    /** True when the person holds a grant overlapping [from, until) that opens a door leading into {@code zone}. */
    private static boolean mayEnter(PolicyData data, PolicyLint.Index ix, Map<String, Zone> zones, String personId,
                                    String zone, Instant from, Instant until) {
        for (Grant g : ix.grantsByPerson.getOrDefault(personId, List.of())) {
            if (!PolicyLint.overlaps(g.validFrom(), g.validUntil(), from, until)) {
                continue;
            }
            for (String doorId : ix.doorsOf(g.accessLevelId())) {
                if (within(zones, ix.doors.get(doorId).toZone(), zone)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void visits(PolicyData data, PolicyLint.Index ix, Map<String, Zone> zones, Instant now,
                               List<LintFinding> out) {
        for (Visit v : data.rules().visits()) {
            String subject = "visit:" + v.id();
            Person visitor = ix.persons.get(v.visitorPersonId());
            if (visitor == null || !zones.containsKey(v.zoneId())) {
                out.add(LintFinding.of(LintCheck.UNKNOWN_REFERENCE, subject, "visit " + v.id() + " names an unknown "
                        + (visitor == null ? "visitor " + v.visitorPersonId() : "zone " + v.zoneId())));
                continue;
            }
            if (!v.until().isAfter(now)) {
                out.add(LintFinding.of(LintCheck.VISIT_EXPIRED, subject, "visit " + v.id() + " of " + visitor.name()
                        + " ended at " + v.until()));
                continue;
            }
            if (v.escortPersonId() == null) {
                out.add(LintFinding.of(LintCheck.VISIT_WITHOUT_ESCORT, subject, "visit " + v.id() + " of " + visitor.name()
                        + " to " + v.zoneId() + " names no escort; escorts are required, so it admits nobody"));
                continue;
            }
            Person escort = ix.persons.get(v.escortPersonId());
            String why = null;
            if (escort == null) {
                why = "is unknown";
            } else if (escort.type() == PersonType.VISITOR) {
                why = "is a visitor";
            } else if (escort.terminatedAt() != null && escort.terminatedAt().isBefore(v.until())) {
                why = "is terminated at " + escort.terminatedAt();
            } else if (!mayEnter(data, ix, zones, escort.id(), v.zoneId(), v.from(), v.until())) {
                why = "has no grant into " + v.zoneId() + " during the visit";
            }
            if (why != null) {
                out.add(LintFinding.of(LintCheck.VISIT_ESCORT_UNAUTHORIZED, subject, "escort " + v.escortPersonId()
                        + " of visit " + v.id() + " " + why));
            }
        }
    }

    private static void twoPerson(PolicyData data, PolicyLint.Index ix, Instant now, List<LintFinding> out) {
        Map<String, ZonePolicy> policies = new HashMap<>();
        data.rules().zonePolicies().forEach(z -> policies.put(z.zoneId(), z));
        Map<String, Set<String>> holders = new HashMap<>();
        for (Door d : data.doors()) {
            ZonePolicy zp = policies.get(d.toZone());
            if (zp != null && zp.twoPerson()) {
                holders.put(d.id(), new LinkedHashSet<>());
            }
        }
        if (holders.isEmpty()) {
            return;
        }
        for (Grant g : data.grants()) {
            Person p = ix.persons.get(g.personId());
            boolean usable = p != null && p.type() != PersonType.VISITOR && !p.terminatedAt(now)
                    && (g.validUntil() == null || g.validUntil().isAfter(now));
            if (!usable) {
                continue;
            }
            for (String doorId : ix.doorsOf(g.accessLevelId())) {
                Set<String> h = holders.get(doorId);
                if (h != null) {
                    h.add(p.id());
                }
            }
        }
        for (Door d : data.doors()) {
            Set<String> h = holders.get(d.id());
            if (h != null && h.size() == 1) {
                out.add(LintFinding.of(LintCheck.TWO_PERSON_SINGLE_HOLDER, "door:" + d.id(), "only " + h.iterator().next()
                        + " may use door " + d.id() + " into two-person zone " + d.toZone() + "; it can never be used alone"));
            }
        }
    }

    private static void restrictions(PolicyData data, PolicyLint.Index ix, Map<String, Zone> zones, List<LintFinding> out) {
        for (Restriction r : data.rules().restrictions()) {
            for (Grant g : ix.grantsByPerson.getOrDefault(r.personId(), List.of())) {
                if (!PolicyLint.overlaps(g.validFrom(), g.validUntil(), r.from(), r.until())) {
                    continue;
                }
                for (String doorId : ix.doorsOf(g.accessLevelId())) {
                    if (r.zoneId() == null || within(zones, ix.doors.get(doorId).toZone(), r.zoneId())) {
                        out.add(LintFinding.of(LintCheck.RESTRICTION_CONFLICTS_WITH_GRANT, "restriction:" + r.id(),
                                "restriction " + r.id() + " denies door " + doorId + " that grant " + g.id()
                                        + " of " + r.personId() + " opens; the restriction wins"));
                        break;
                    }
                }
            }
        }
    }

    private static void pinDoors(PolicyData data, PolicyLint.Index ix, Instant now, List<LintFinding> out) {
        Set<String> pinDoors = new LinkedHashSet<>();
        for (DoorModeRule r : data.rules().doorModes()) {
            if (r.mode() == DoorMode.CARD_AND_PIN) {
                pinDoors.add(r.doorId());
            }
        }
        if (pinDoors.isEmpty()) {
            return;
        }
        Set<String> withPin = new HashSet<>();
        for (Credential c : data.credentials()) {
            if (c.status() == CredentialStatus.ACTIVE && c.pinHash() != null) {
                withPin.add(c.personId());
            }
        }
        Map<String, List<String>> missing = new HashMap<>();
        for (Grant g : data.grants()) {
            if (withPin.contains(g.personId()) || ix.terminatedBy(g.personId(), now)) {
                continue;
            }
            for (String doorId : ix.doorsOf(g.accessLevelId())) {
                if (pinDoors.contains(doorId)) {
                    missing.computeIfAbsent(doorId, k -> new ArrayList<>()).add(g.personId());
                }
            }
        }
        for (String doorId : pinDoors) {
            List<String> people = missing.get(doorId);
            if (people != null) {
                out.add(LintFinding.of(LintCheck.PIN_DOOR_WITHOUT_PIN, "door:" + doorId, people.size()
                        + " person(s) granted door " + doorId + " have no PIN on an active badge, e.g. "
                        + people.subList(0, Math.min(5, people.size()))));
            }
        }
    }

    private static void interlocks(PolicyData data, List<LintFinding> out) {
        Map<String, List<String>> groups = new HashMap<>();
        for (Door d : data.doors()) {
            if (d.interlockGroup() != null) {
                groups.computeIfAbsent(d.interlockGroup(), k -> new ArrayList<>()).add(d.id());
            }
        }
        groups.entrySet().stream().filter(e -> e.getValue().size() == 1).map(Map.Entry::getKey).sorted()
                .forEach(g -> out.add(LintFinding.of(LintCheck.INTERLOCK_GROUP_OF_ONE, "interlock:" + g,
                        "interlock group " + g + " has only door " + groups.get(g).get(0))));
    }
}
