package io.cagekeeper.demo;

import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.gateway.policy.PolicyStore.Statement;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import io.vertx.core.Future;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample site the demo seeds on first start: a hall, a mantrap and cage A behind it, four
 * readers, and a handful of people chosen so that the scripted traffic shows each common outcome
 * (granted, lost badge, terminated owner, out of schedule, unknown card, misread, and a visitor who
 * waits for her escort).
 */
public final class DemoSite {

    public static final String SITE = "dc1";
    public static final CardNumber ALICE = CardNumber.h10301(18, 40211);
    public static final CardNumber BOB = CardNumber.h10301(18, 40212);
    public static final CardNumber CAROL = CardNumber.h10301(18, 40213);
    public static final CardNumber DAVE = CardNumber.h10301(18, 40214);
    public static final CardNumber UNKNOWN = CardNumber.h10301(18, 59999);
    public static final CardNumber VERA = CardNumber.h10301(18, 50001);

    private DemoSite() {
    }

    /** Seeds the site unless a policy is already stored (a second run keeps what the first stored). */
    public static Future<Long> seedIfEmpty(PolicyStore store, long currentVersion) {
        if (currentVersion > 0) {
            return Future.succeededFuture(currentVersion);
        }
        return store.change("demo-seed", "sample site: cage A behind a mantrap", statements(Instant.now()));
    }

    static List<Statement> statements(Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(30));
        List<Statement> s = new ArrayList<>();
        s.add(PolicyStore.upsertSite(new Site(SITE, "Datacenter 1", ZoneId.of("Europe/Amsterdam"))));
        s.add(PolicyStore.upsertZone(new Zone("site", "DC1 site", null)));
        s.add(PolicyStore.upsertZone(new Zone("hall-1", "Data hall 1", "site")));
        s.add(PolicyStore.upsertZone(new Zone("mantrap-a", "Cage A mantrap", "hall-1")));
        s.add(PolicyStore.upsertZone(new Zone("cage-a", "Cage A", "hall-1")));
        s.add(PolicyStore.upsertDoor(new Door("outer", "Cage A outer door", "hall-1", "mantrap-a", "mantrap-a")));
        s.add(PolicyStore.upsertDoor(new Door("inner", "Cage A inner door", "mantrap-a", "cage-a", "mantrap-a")));
        s.add(PolicyStore.upsertReader(new Reader("outer-in", "outer", ReaderSide.ENTRY)));
        s.add(PolicyStore.upsertReader(new Reader("outer-out", "outer", ReaderSide.EXIT)));
        s.add(PolicyStore.upsertReader(new Reader("inner-in", "inner", ReaderSide.ENTRY)));
        s.add(PolicyStore.upsertReader(new Reader("inner-out", "inner", ReaderSide.EXIT)));
        s.add(PolicyStore.upsertSchedule(Schedule.always("always")));
        List<WeeklyInterval> office = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            office.add(new WeeklyInterval(d, LocalTime.of(8, 0), LocalTime.of(18, 0)));
        }
        s.add(PolicyStore.upsertSchedule(new Schedule("office-hours", "Mon-Fri 08:00-18:00", office)));
        s.addAll(PolicyStore.putAccessLevel(new AccessLevel("cage-a-24x7", "Cage A, around the clock",
                List.of(new DoorSchedule("outer", "always"), new DoorSchedule("inner", "always")))));
        s.addAll(PolicyStore.putAccessLevel(new AccessLevel("cage-a-office", "Cage A, office hours",
                List.of(new DoorSchedule("outer", "office-hours"), new DoorSchedule("inner", "office-hours")))));
        s.add(PolicyStore.upsertPerson(new Person("p-alice", "Alice Martin", PersonType.EMPLOYEE, null)));
        s.add(PolicyStore.upsertPerson(new Person("p-bob", "Bob Keller", PersonType.CONTRACTOR, null)));
        s.add(PolicyStore.upsertPerson(new Person("p-carol", "Carol Nguyen", PersonType.EMPLOYEE, null)));
        s.add(PolicyStore.upsertPerson(new Person("p-dave", "Dave Okafor", PersonType.EMPLOYEE, now.minus(Duration.ofDays(1)))));
        s.add(PolicyStore.upsertCredential(new Credential("c-alice", ALICE, "p-alice", CredentialStatus.ACTIVE, start, null,
                null, null, null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-bob", BOB, "p-bob", CredentialStatus.ACTIVE, start,
                now.plus(Duration.ofDays(90)), null, null, null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-carol", CAROL, "p-carol", CredentialStatus.LOST, start, null,
                now.minus(Duration.ofHours(3)), "facilities:sam", null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-dave", DAVE, "p-dave", CredentialStatus.ACTIVE, start, null,
                null, null, null)));
        s.add(PolicyStore.upsertPerson(new Person("p-vera", "Vera Lindqvist (visitor, Acme Corp)", PersonType.VISITOR, null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-vera", VERA, "p-vera", CredentialStatus.ACTIVE, start,
                now.plus(Duration.ofDays(7)), null, null, null)));
        // an approved visit to the mantrap and cage A, escorted by Alice
        s.add(PolicyStore.upsertVisit(new Visit("v-acme-1", "p-vera", "mantrap-a", start, now.plus(Duration.ofDays(7)), "p-alice",
                "security-desk:jordan")));
        s.add(PolicyStore.upsertVisit(new Visit("v-acme-2", "p-vera", "cage-a", start, now.plus(Duration.ofDays(7)), "p-alice",
                "security-desk:jordan")));
        s.add(PolicyStore.upsertGrant(new Grant("g-alice", "p-alice", "cage-a-24x7", start, null, "security-desk:jordan")));
        s.add(PolicyStore.upsertGrant(new Grant("g-bob", "p-bob", "cage-a-office", start, now.plus(Duration.ofDays(90)),
                "security-desk:jordan")));
        s.add(PolicyStore.upsertGrant(new Grant("g-carol", "p-carol", "cage-a-24x7", start, null, "security-desk:jordan")));
        s.add(PolicyStore.upsertGrant(new Grant("g-dave", "p-dave", "cage-a-24x7", start, null, "security-desk:jordan")));
        return s;
    }
}
