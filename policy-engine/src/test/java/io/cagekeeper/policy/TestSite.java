package io.cagekeeper.policy;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small site for tests, editable before {@link #snapshot()}: zones site &gt; hall &gt; cage-a /
 * cage-b / vault, doors with entry and exit readers ({@code <door>-in}, {@code <door>-out}), a
 * two-door mantrap, office hours Mon–Fri 08:00–18:00 Europe/Berlin. Persons alice (employee), bob
 * (employee), carl (contractor), vera (visitor), each with one badge 18:100+n. Alice and bob have
 * level "all" (every door, always); carl has "office" (hall door, office hours).
 */
public final class TestSite {

    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** A Wednesday, 10:00 Berlin time. */
    public static final Instant WED_10 = local(2026, 11, 25, 10, 0);
    public static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    public final List<Zone> zones = new ArrayList<>(List.of(
            new Zone("site", "Site", null), new Zone("hall", "Hall 1", "site"),
            new Zone("cage-a", "Cage A", "hall"), new Zone("cage-b", "Cage B", "hall"),
            new Zone("vault", "Vault", "hall"), new Zone("trap", "Mantrap", "hall")));
    public final List<Door> doors = new ArrayList<>(List.of(
            new Door("hall", "Hall door", "site", "hall", null),
            new Door("a", "Cage A door", "hall", "cage-a", null),
            new Door("b", "Cage B door", "hall", "cage-b", null),
            new Door("vault", "Vault door", "hall", "vault", null),
            new Door("m1", "Mantrap outer", "hall", "trap", "trap"),
            new Door("m2", "Mantrap inner", "trap", "cage-a", "trap")));
    public final List<Person> persons = new ArrayList<>(List.of(
            new Person("alice", "Alice", PersonType.EMPLOYEE, null),
            new Person("bob", "Bob", PersonType.EMPLOYEE, null),
            new Person("carl", "Carl", PersonType.CONTRACTOR, null),
            new Person("vera", "Vera", PersonType.VISITOR, null)));
    public final List<Credential> credentials = new ArrayList<>();
    public final List<Schedule> schedules = new ArrayList<>(List.of(Schedule.always("always"), officeHours("office"),
            new Schedule("never", "Never", List.of())));
    public final List<AccessLevel> levels = new ArrayList<>();
    public final List<Grant> grants = new ArrayList<>();
    public final List<DoorModeRule> doorModes = new ArrayList<>();
    public final List<HolidayCalendar> calendars = new ArrayList<>();
    public final List<ScheduleOverride> overrides = new ArrayList<>();
    public final List<ZonePolicy> zonePolicies = new ArrayList<>();
    public final List<Visit> visits = new ArrayList<>();
    public final List<Restriction> restrictions = new ArrayList<>();
    public final List<ThreatRule> threatRules = new ArrayList<>();
    public int pinMaxFailures = 3;
    public int escortWindowSeconds = 10;
    public long version = 1;

    public TestSite() {
        for (int i = 0; i < persons.size(); i++) {
            credentials.add(credential(persons.get(i).id(), 100 + i));
        }
        levels.add(new AccessLevel("all", "Everything", doors.stream().map(d -> new DoorSchedule(d.id(), "always")).toList()));
        levels.add(new AccessLevel("office", "Office", List.of(new DoorSchedule("hall", "office"))));
        grants.add(new Grant("g-alice", "alice", "all", EPOCH, null, "manager"));
        grants.add(new Grant("g-bob", "bob", "all", EPOCH, null, "manager"));
        grants.add(new Grant("g-carl", "carl", "office", EPOCH, null, "manager"));
    }

    /** A site with every stateful rule switched on somewhere: anti-passback of each kind, two persons, an escorted visit. */
    public static TestSite busy() {
        TestSite site = new TestSite();
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.HARD, 0, 0));
        site.zonePolicies.add(new ZonePolicy("hall", ApbMode.SOFT, 0, 0));
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.TIMED, 2, 15));
        site.visits.add(new Visit("v-1", "vera", "hall", EPOCH, WED_10.plusSeconds(86_400), "bob", "reception"));
        return site;
    }

    public static Credential credential(String personId, long number) {
        return new Credential("c-" + personId, CardNumber.h10301(18, number), personId, CredentialStatus.ACTIVE,
                EPOCH, null, null, null, null);
    }

    public static Schedule officeHours(String id) {
        List<WeeklyInterval> in = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            in.add(new WeeklyInterval(d, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        }
        return new Schedule(id, "Office hours", in);
    }

    public static Instant local(int y, int mo, int d, int h, int mi) {
        return LocalDateTime.of(y, mo, d, h, mi).atZone(BERLIN).toInstant();
    }

    public PolicyData data() {
        return new PolicyData(new Site("s1", "Frankfurt 1", BERLIN), zones, doors, readers(), persons, credentials,
                schedules, levels, grants, new PolicyRules(doorModes, calendars, overrides, zonePolicies, visits,
                restrictions, threatRules, pinMaxFailures, escortWindowSeconds));
    }

    public PolicySnapshot snapshot() {
        return PolicySnapshot.compile(version, data());
    }

    private List<Reader> readers() {
        List<Reader> rs = new ArrayList<>();
        for (Door d : doors) {
            rs.add(new Reader(d.id() + "-in", d.id(), ReaderSide.ENTRY));
            rs.add(new Reader(d.id() + "-out", d.id(), ReaderSide.EXIT));
        }
        return rs;
    }

    /** Replaces a person's badge. */
    public void replaceCredential(String personId, Credential c) {
        credentials.replaceAll(x -> x.personId().equals(personId) ? c : x);
    }

    public void replacePerson(Person p) {
        persons.replaceAll(x -> x.id().equals(p.id()) ? p : x);
    }

    public CardNumber cardOf(String personId) {
        return credentials.stream().filter(c -> c.personId().equals(personId)).findFirst().orElseThrow().card();
    }

    public AccessRequest read(String personId, String readerId, Instant at) {
        return new AccessRequest(readerId, new CardRead.Decoded(cardOf(personId)), null, null, at);
    }

    public AccessRequest readWithPin(String personId, String readerId, String pin, Instant at) {
        return new AccessRequest(readerId, new CardRead.Decoded(cardOf(personId)), pin, null, at);
    }

    public AccessRequest readWithBio(String personId, String readerId, Boolean match, Instant at) {
        return new AccessRequest(readerId, new CardRead.Decoded(cardOf(personId)), null, match, at);
    }

    public static List<DayOfWeek> allDays() {
        return Arrays.asList(DayOfWeek.values());
    }
}
