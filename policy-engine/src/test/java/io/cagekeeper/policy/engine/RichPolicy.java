package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.model.AccessLevel;
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
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyRules;
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
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.state.EngineState;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A randomly generated policy with every rule the engine knows switched on somewhere, and requests
 * aimed at the edges: instants within a second (and nanoseconds) of badge, grant, termination and
 * schedule bounds, DST changes, holidays, visitors, restrictions, door modes, zone rules, unknown
 * readers, cards and persons. Used to check that the fast path and the full path decide alike.
 */
final class RichPolicy {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Instants the generated bounds cluster around. */
    static final Instant[] ANCHORS = {
            Instant.parse("2026-11-25T09:00:00Z"),   // Wednesday 10:00 Berlin
            Instant.parse("2026-11-25T17:00:00Z"),   // 18:00 Berlin: office hours end
            Instant.parse("2026-11-28T09:00:00Z"),   // Saturday
            Instant.parse("2026-03-29T00:59:59Z"),   // DST change
            Instant.parse("2026-12-24T09:00:00Z"),   // holiday
            Instant.parse("2026-10-25T00:30:00Z"),   // DST change back
    };

    final PolicyData data;
    final List<String> readerIds = new ArrayList<>();
    final List<CardNumber> cards = new ArrayList<>();
    final List<String> personIds = new ArrayList<>();
    final List<String> doorIds = new ArrayList<>();

    private RichPolicy(PolicyData data) {
        this.data = data;
    }

    static Instant near(SplittableRandom rnd) {
        Instant a = ANCHORS[rnd.nextInt(ANCHORS.length)];
        return switch (rnd.nextInt(4)) {
            case 0 -> a;
            case 1 -> a.plusSeconds(rnd.nextInt(5) - 2).plusNanos(rnd.nextInt(3) == 0 ? rnd.nextInt(1_000_000_000) : 0);
            case 2 -> a.plusSeconds(rnd.nextInt(7200) - 3600);
            default -> a.plusSeconds((long) rnd.nextInt(30) * 86_400 - 15L * 86_400 + rnd.nextInt(86_400));
        };
    }

    static RichPolicy generate(int persons, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Zone> zones = new ArrayList<>();
        List<Door> doors = new ArrayList<>();
        List<Reader> readers = new ArrayList<>();
        zones.add(new Zone("site", "Site", null));
        int halls = 3;
        int cages = 6;
        for (int h = 0; h < halls; h++) {
            zones.add(new Zone("hall" + h, "Hall " + h, "site"));
            doors.add(new Door("d-hall" + h, "Hall " + h + " door", "site", "hall" + h, null));
            for (int c = 0; c < cages; c++) {
                String cage = "cage" + h + "-" + c;
                zones.add(new Zone(cage, "Cage " + h + "-" + c, "hall" + h));
                // cage 5 of each hall is entered through a two-door mantrap
                String group = c == 5 ? "trap" + h : null;
                doors.add(new Door("d-" + cage, "Cage " + h + "-" + c + " door", "hall" + h, cage, group));
                if (c == 5) {
                    doors.add(new Door("d-" + cage + "-inner", "Cage " + h + "-" + c + " inner door", "hall" + h,
                            cage, group));
                }
            }
        }
        for (Door d : doors) {
            readers.add(new Reader(d.id() + "-in", d.id(), ReaderSide.ENTRY));
            readers.add(new Reader(d.id() + "-out", d.id(), ReaderSide.EXIT));
        }
        List<WeeklyInterval> office = new ArrayList<>();
        List<WeeklyInterval> night = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getValue() <= 5) {
                office.add(new WeeklyInterval(d, LocalTime.of(7, 0), LocalTime.of(18, 0)));
            }
            night.add(new WeeklyInterval(d, LocalTime.of(0, 0), LocalTime.of(2, 30)));
            night.add(new WeeklyInterval(d, LocalTime.of(18, 0), LocalTime.MIDNIGHT));
        }
        List<Schedule> schedules = List.of(Schedule.always("always"), new Schedule("office", "Office", office),
                new Schedule("night", "Night", night), new Schedule("never", "Never", List.of()));
        String[] scheduleIds = {"always", "office", "night", "never"};
        List<AccessLevel> levels = new ArrayList<>();
        int levelCount = 12;
        for (int l = 0; l < levelCount; l++) {
            List<DoorSchedule> ds = new ArrayList<>();
            int n = 3 + rnd.nextInt(12);
            for (int k = 0; k < n; k++) {
                ds.add(new DoorSchedule(doors.get(rnd.nextInt(doors.size())).id(), scheduleIds[rnd.nextInt(rnd.nextInt(4) + 1)]));
            }
            if (rnd.nextInt(6) == 0) {
                ds.add(new DoorSchedule("d-nowhere", "always"));   // unknown door: dropped at compile
            }
            levels.add(new AccessLevel("L" + l, "Level " + l, ds));
        }
        RichPolicy out = new RichPolicy(null);
        List<Person> personList = new ArrayList<>();
        List<Credential> creds = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        List<Visit> visits = new ArrayList<>();
        List<Restriction> restrictions = new ArrayList<>();
        PersonType[] types = PersonType.values();
        CredentialStatus[] statuses = CredentialStatus.values();
        int cardNo = 1;
        for (int i = 0; i < persons; i++) {
            String id = "p" + i;
            PersonType type = rnd.nextInt(4) == 0 ? types[rnd.nextInt(types.length)] : PersonType.EMPLOYEE;
            Instant terminated = rnd.nextInt(12) == 0 ? near(rnd) : null;
            if (rnd.nextInt(40) != 0) {   // a few badges name unknown persons
                personList.add(new Person(id, "Person " + i, type, terminated));
            }
            out.personIds.add(id);
            int badges = rnd.nextInt(10) == 0 ? 2 : 1;
            for (int b = 0; b < badges; b++) {
                CardNumber card = rnd.nextBoolean() ? CardNumber.h10301(18, cardNo++) : CardNumber.c1000(7, cardNo++);
                out.cards.add(card);
                CredentialStatus status = rnd.nextInt(12) == 0 ? statuses[rnd.nextInt(statuses.length)] : CredentialStatus.ACTIVE;
                Instant from = rnd.nextInt(10) == 0 ? near(rnd) : Instant.parse("2020-01-01T00:00:00Z");
                Instant until = rnd.nextInt(10) == 0 ? near(rnd) : null;
                if (until != null && !until.isAfter(from)) {
                    until = from.plusSeconds(1 + rnd.nextInt(3600)).plusNanos(rnd.nextInt(2) * 500_000_000L);
                }
                boolean changed = status != CredentialStatus.ACTIVE && rnd.nextBoolean();
                creds.add(new Credential("c" + i + "-" + b, card, id, status, from, until,
                        changed ? near(rnd) : null, changed && rnd.nextBoolean() ? "facilities" : null,
                        rnd.nextInt(3) == 0 ? null : "hash-of-" + i));
            }
            int grantCount = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(3);
            for (int g = 0; g < grantCount; g++) {
                Instant from = rnd.nextInt(4) == 0 ? near(rnd) : Instant.parse("2020-01-01T00:00:00Z");
                Instant until = rnd.nextInt(4) == 0 ? near(rnd) : null;
                if (until != null && !until.isAfter(from)) {
                    until = from.plusSeconds(1 + rnd.nextInt(3600)).plusNanos(rnd.nextInt(2) * 250_000_000L);
                }
                String person = rnd.nextInt(50) == 0 ? "ghost" + i : id;   // a few grants of unknown persons
                grants.add(new Grant("g" + i + "-" + g, person, "L" + rnd.nextInt(levelCount), from, until,
                        "approver" + rnd.nextInt(3)));
            }
            if (type == PersonType.VISITOR || rnd.nextInt(30) == 0) {
                for (int v = rnd.nextInt(3); v > 0; v--) {
                    Instant from = near(rnd).minusSeconds(rnd.nextInt(86_400));
                    String zone = zones.get(rnd.nextInt(zones.size())).id();
                    String escort = rnd.nextInt(5) == 0 ? null : "p" + rnd.nextInt(Math.max(1, i + 1));
                    visits.add(new Visit("v" + i + "-" + v, id, zone, from, from.plusSeconds(1 + rnd.nextInt(2 * 86_400)),
                            escort, "reception"));
                }
            }
            if (rnd.nextInt(25) == 0) {
                Instant from = rnd.nextBoolean() ? near(rnd) : Instant.parse("2020-01-01T00:00:00Z");
                restrictions.add(new Restriction("r" + i, id, rnd.nextBoolean() ? null : zones.get(rnd.nextInt(zones.size())).id(),
                        from, rnd.nextBoolean() ? null : from.plusSeconds(1 + rnd.nextInt(86_400)), "audit", "security"));
            }
        }
        List<DoorModeRule> modes = new ArrayList<>();
        for (Door d : doors) {
            if (rnd.nextInt(5) == 0) {
                DoorMode[] ms = DoorMode.values();
                modes.add(new DoorModeRule(d.id(), ms[rnd.nextInt(ms.length)], scheduleIds[rnd.nextInt(3)]));
            }
        }
        List<ZonePolicy> zonePolicies = new ArrayList<>();
        ApbMode[] apbModes = ApbMode.values();
        for (Zone z : zones) {
            if (rnd.nextInt(3) == 0) {
                ApbMode m = apbModes[rnd.nextInt(apbModes.length)];
                zonePolicies.add(new ZonePolicy(z.id(), m, m == ApbMode.TIMED ? 1 + rnd.nextInt(10) : 0,
                        rnd.nextInt(3) == 0 ? 5 + rnd.nextInt(30) : 0));
            }
        }
        List<HolidayCalendar> calendars = List.of(new HolidayCalendar("xmas", "Christmas",
                List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25))));
        List<ScheduleOverride> overrides = List.of(new ScheduleOverride("office", "xmas",
                List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 0)))));
        List<ThreatRule> threats = List.of(new ThreatRule(ThreatLevel.ELEVATED, List.of(PersonType.EMPLOYEE, PersonType.CONTRACTOR),
                List.of("L1")));
        PolicyRules rules = new PolicyRules(modes, calendars, overrides, zonePolicies, visits, restrictions, threats, 3, 10);
        PolicyData data = new PolicyData(new Site("s1", "Frankfurt", BERLIN), zones, doors, readers, personList, creds,
                schedules, levels, grants, rules);
        RichPolicy r = new RichPolicy(data);
        r.cards.addAll(out.cards);
        r.personIds.addAll(out.personIds);
        for (Reader reader : readers) {
            r.readerIds.add(reader.id());
        }
        for (Door d : doors) {
            r.doorIds.add(d.id());
        }
        return r;
    }

    AccessRequest request(SplittableRandom rnd) {
        String reader = rnd.nextInt(100) == 0 ? "no-such-reader" : readerIds.get(rnd.nextInt(readerIds.size()));
        CardRead card;
        int k = rnd.nextInt(100);
        if (k == 0) {
            card = new CardRead.Unreadable("parity");
        } else if (k == 1) {
            card = new CardRead.Decoded(CardNumber.h10301(200, rnd.nextInt(65_536)));
        } else {
            card = new CardRead.Decoded(cards.get(rnd.nextInt(cards.size())));
        }
        String pin = switch (rnd.nextInt(3)) {
            case 0 -> null;
            case 1 -> "1234";
            default -> "9999";
        };
        Boolean bio = switch (rnd.nextInt(3)) {
            case 0 -> null;
            case 1 -> Boolean.TRUE;
            default -> Boolean.FALSE;
        };
        return new AccessRequest(reader, card, pin, bio, near(rnd));
    }

    /** A state with some of everything; stateful rules then see marks, open doors and threat levels. */
    static EngineState state(SplittableRandom rnd) {
        EngineState s = EngineState.initial();
        switch (rnd.nextInt(8)) {
            case 0 -> s = s.withThreatLevel(ThreatLevel.ELEVATED);
            case 1 -> s = s.withThreatLevel(ThreatLevel.LOCKDOWN);
            case 2 -> s = s.fireAlarm(true);
            case 3 -> s = s.doorOpened("d-cage0-5").doorReleased("d-cage1-5-inner");
            default -> {
            }
        }
        return s;
    }

    /** A PIN verifier for tests: "1234" matches every hash (no Argon2). */
    static boolean verify(String hash, String pin) {
        return "1234".equals(pin);
    }
}
