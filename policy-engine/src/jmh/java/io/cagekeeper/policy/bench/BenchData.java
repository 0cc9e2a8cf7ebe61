package io.cagekeeper.policy.bench;

import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic datacenter for the benchmarks: 10 halls of 100 cages (1,010 doors, 2,020 readers), 200
 * access levels of one hall door plus five cage doors (70% always open, 30% office hours), one
 * person per credential with one grant (80% open-ended, 15% until 2030, 5% expired), 2% of badges
 * LOST, H10301 and Corporate 1000 cards mixed. Every string is built separately, as a store loader
 * would build it, so that memory figures are not flattered by shared instances.
 */
final class BenchData {

    static final int LEVELS = 200;
    static final int HALLS = 10;
    static final int CAGES_PER_HALL = 100;
    static final Instant WED_10 = Instant.parse("2026-11-25T09:00:00Z");   // 10:00 in Berlin
    static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");

    PolicyData data;
    final int size;
    final List<List<String>> levelDoors = new ArrayList<>();
    final boolean[] levelAlways = new boolean[LEVELS];

    private BenchData(int size) {
        this.size = size;
    }

    static CardNumber card(int i) {
        int k = i >>> 1;
        return (i & 1) == 0 ? CardNumber.h10301(k >>> 16 & 0xFF, k & 0xFFFF) : CardNumber.c1000((k >>> 20) + 1, k & 0xFFFFF);
    }

    static String personId(int i) {
        return "p" + i;
    }

    static BenchData generate(int credentials, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        List<Zone> zones = new ArrayList<>();
        List<Door> doors = new ArrayList<>();
        List<Reader> readers = new ArrayList<>();
        zones.add(new Zone("site", "Site", null));
        for (int h = 0; h < HALLS; h++) {
            zones.add(new Zone("hall" + h, "Hall " + h, "site"));
            doors.add(new Door("d-hall" + h, "Hall " + h + " door", "site", "hall" + h, null));
            for (int c = 0; c < CAGES_PER_HALL; c++) {
                String cage = "cage" + h + "-" + c;
                zones.add(new Zone(cage, "Cage " + h + "-" + c, "hall" + h));
                doors.add(new Door("d-" + cage, "Cage " + h + "-" + c + " door", "hall" + h, cage, null));
            }
        }
        for (Door d : doors) {
            readers.add(new Reader(d.id() + "-in", d.id(), ReaderSide.ENTRY));
            readers.add(new Reader(d.id() + "-out", d.id(), ReaderSide.EXIT));
        }
        List<WeeklyInterval> office = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            office.add(new WeeklyInterval(d, LocalTime.of(7, 0), LocalTime.of(19, 0)));
        }
        List<Schedule> schedules = List.of(Schedule.always("always"), new Schedule("office", "Office", office));
        BenchData bd = new BenchData(credentials);
        List<AccessLevel> levels = new ArrayList<>();
        for (int l = 0; l < LEVELS; l++) {
            int hall = l % HALLS;
            boolean always = rnd.nextInt(10) < 7;
            bd.levelAlways[l] = always;
            String schedule = always ? "always" : "office";
            List<DoorSchedule> ds = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            ds.add(new DoorSchedule("d-hall" + hall, schedule));
            ids.add("d-hall" + hall);
            for (int k = 0; k < 5; k++) {
                String door = "d-cage" + hall + "-" + rnd.nextInt(CAGES_PER_HALL);
                if (!ids.contains(door)) {
                    ds.add(new DoorSchedule(door, schedule));
                    ids.add(door);
                }
            }
            levels.add(new AccessLevel("L" + l, "Level " + l, ds));
            bd.levelDoors.add(ids);
        }
        List<Person> persons = new ArrayList<>(credentials);
        List<Credential> creds = new ArrayList<>(credentials);
        List<Grant> grants = new ArrayList<>(credentials);
        for (int i = 0; i < credentials; i++) {
            persons.add(new Person(personId(i), "Person " + i, i % 5 == 0 ? PersonType.CONTRACTOR : PersonType.EMPLOYEE, null));
            CredentialStatus status = rnd.nextInt(50) == 0 ? CredentialStatus.LOST : CredentialStatus.ACTIVE;
            creds.add(new Credential("c" + i, card(i), personId(i), status, Instant.ofEpochSecond(FROM.getEpochSecond()),
                    null, status == CredentialStatus.ACTIVE ? null : Instant.ofEpochSecond(WED_10.getEpochSecond() - 3600),
                    status == CredentialStatus.ACTIVE ? null : "facilities", null));
            int w = rnd.nextInt(20);
            Instant until = w == 0 ? Instant.parse("2025-01-01T00:00:00Z") : w <= 3 ? Instant.parse("2030-01-01T00:00:00Z") : null;
            grants.add(new Grant("g" + i, personId(i), "L" + (i % LEVELS), Instant.ofEpochSecond(FROM.getEpochSecond()),
                    until, "approver" + (i % 7)));
        }
        bd.data = new PolicyData(new Site("s1", "Frankfurt", berlin), zones, doors, readers, persons, creds,
                schedules, levels, grants);
        return bd;
    }

    /** One presented badge: the request for our engine and, for jCasbin, the person and door. */
    record Query(AccessRequest request, String personId, String doorId) {
    }

    /**
     * A mix of requests over the whole population (so large sizes pay their cache misses): 85% a
     * person at a door of their level during office hours, 5% the same on a Saturday, 5% a random
     * door, 5% an unknown card.
     */
    Query[] queries(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Query[] out = new Query[count];
        for (int q = 0; q < count; q++) {
            int i = rnd.nextInt(size);
            int kind = rnd.nextInt(20);
            List<String> doors = levelDoors.get(i % LEVELS);
            String door = doors.get(rnd.nextInt(doors.size()));
            Instant at = WED_10.plusSeconds(rnd.nextInt(6 * 3600));
            CardNumber card = card(i);
            if (kind == 0) {
                at = at.plusSeconds(3 * 86_400);
            } else if (kind == 1) {
                int h = rnd.nextInt(HALLS);
                door = "d-cage" + h + "-" + rnd.nextInt(CAGES_PER_HALL);
            } else if (kind == 2) {
                card = CardNumber.h10301(255, 65_535 - rnd.nextInt(100));   // beyond any generated card
            }
            out[q] = new Query(new AccessRequest(door + "-in", new CardRead.Decoded(card), null, null, at), personId(i), door);
        }
        return out;
    }
}
