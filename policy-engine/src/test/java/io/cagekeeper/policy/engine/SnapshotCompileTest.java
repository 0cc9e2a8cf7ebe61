package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compiling a snapshot: what it refuses (a broken policy is refused whole), what it looks up, how an
 * access level's doors and schedules are laid out (also past what the level x door byte matrix holds),
 * and what each badge's card slot says (see {@link CardSlots}).
 */
class SnapshotCompileTest {

    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine();

    // ---- refusals ----

    @Test
    void refusesAReaderOfAnUnknownDoor() {
        PolicyData d = site.data();
        List<Reader> readers = new ArrayList<>(d.readers());
        readers.add(new Reader("ghost-in", "ghost", ReaderSide.ENTRY));
        assertThatThrownBy(() -> PolicySnapshot.compile(1, new PolicyData(d.site(), d.zones(), d.doors(), readers, d.persons(),
                d.credentials(), d.schedules(), d.accessLevels(), d.grants(), d.rules())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reader ghost-in names unknown door ghost");
    }

    @Test
    void refusesAnIdUsedTwiceInAnyPart() {
        site.zones.add(new Zone("hall", "Hall again", "site"));
        assertThatThrownBy(site::snapshot).hasMessageContaining("duplicate id hall");
        TestSite doors = new TestSite();
        doors.doors.add(doors.doors.get(0));
        assertThatThrownBy(doors::snapshot).hasMessageContaining("duplicate id hall");
        TestSite schedules = new TestSite();
        schedules.schedules.add(Schedule.always("office"));
        assertThatThrownBy(schedules::snapshot).hasMessageContaining("duplicate id office");
        TestSite levels = new TestSite();
        levels.levels.add(new AccessLevel("all", "Again", List.of()));
        assertThatThrownBy(levels::snapshot).hasMessageContaining("duplicate id all");
        TestSite persons = new TestSite();
        persons.persons.add(new Person("alice", "Alice 2", PersonType.EMPLOYEE, null));   // the first person's id
        assertThatThrownBy(persons::snapshot).hasMessageContaining("duplicate id alice");
    }

    @Test
    void refusesTwoThreatRulesForOneLevel() {
        site.threatRules.add(new ThreatRule(ThreatLevel.ELEVATED, List.of(PersonType.EMPLOYEE), List.of("all")));
        site.snapshot();
        site.threatRules.add(new ThreatRule(ThreatLevel.LOCKDOWN, List.of(PersonType.EMPLOYEE), List.of("all")));
        PolicySnapshot two = site.snapshot();
        assertThat(two.threatRule(ThreatLevel.LOCKDOWN).accessLevelIds()).containsExactly("all");
        assertThat(two.threatRule(ThreatLevel.NORMAL)).isNull();
        site.threatRules.add(new ThreatRule(ThreatLevel.ELEVATED, List.of(), List.of()));
        assertThatThrownBy(site::snapshot).hasMessageContaining("two threat rules for ELEVATED");
    }

    @Test
    void refusesAScheduleOverrideNamingAnUnknownScheduleOrCalendar() {
        site.calendars.add(new HolidayCalendar("de", "Holidays", List.of(LocalDate.of(2026, 12, 24))));
        site.overrides.add(new ScheduleOverride("nope", "de", List.of()));
        assertThatThrownBy(site::snapshot).hasMessageContaining("schedule override names unknown schedule or calendar");
        site.overrides.set(0, new ScheduleOverride("office", "nope", List.of()));
        assertThatThrownBy(site::snapshot).hasMessageContaining("schedule override names unknown schedule or calendar");
        site.overrides.set(0, new ScheduleOverride("office", "de", List.of()));
        assertThat(site.snapshot().version()).isEqualTo(1);
    }

    @Test
    void refusesAnAccessLevelNamingAnUnknownSchedule() {
        site.levels.add(new AccessLevel("odd", "Odd", List.of(new DoorSchedule("a", "no-such-schedule"))));
        assertThatThrownBy(site::snapshot).hasMessageContaining("access level odd names unknown schedule no-such-schedule");
    }

    @Test
    void refusesADoorModeNamingAnUnknownScheduleOrDoor() {
        site.doorModes.add(new DoorModeRule("a", DoorMode.CARD_AND_PIN, "no-such-schedule"));
        assertThatThrownBy(site::snapshot).hasMessageContaining("door mode names unknown schedule no-such-schedule");
        site.doorModes.set(0, new DoorModeRule("no-such-door", DoorMode.CARD_AND_PIN, "always"));
        assertThatThrownBy(site::snapshot).hasMessageContaining("door mode names unknown door no-such-door");
    }

    // ---- lookups ----

    @Test
    void looksUpTheSmallPartsByIdAndAnswersNothingForUnknownIds() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.HARD, 0, 0));
        site.visits.add(new Visit("v1", "vera", "hall", EPOCH, WED_10, "bob", "reception"));
        site.restrictions.add(new Restriction("r1", "carl", null, EPOCH, null, "audit", "security"));
        PolicyData d = site.data();
        PolicySnapshot s = PolicySnapshot.compile(4, d);
        assertThat(s.site()).isEqualTo(d.site());
        assertThat(s.rules()).isEqualTo(d.rules());
        assertThat(s.zones()).isEqualTo(d.zones());
        assertThat(s.doors()).isEqualTo(d.doors());
        assertThat(s.zone("vault").name()).isEqualTo("Vault");
        assertThat(s.zone("nowhere")).isNull();
        assertThat(s.door("nope")).isNull();
        assertThat(s.reader("nope")).isNull();
        assertThat(s.readerEntry("nope")).isNull();
        assertThat(s.readerEntry("a-out").door().id()).isEqualTo("a");
        assertThat(s.readerEntry("a-out").entry()).isFalse();
        assertThat(s.schedule("office").intervals()).hasSize(5);
        assertThat(s.schedule("nope")).isNull();
        assertThat(s.zonePolicy("vault").apb()).isEqualTo(ApbMode.HARD);
        assertThat(s.zonePolicy("hall")).isNull();
        assertThat(s.visitsOf("vera")).extracting(Visit::id).containsExactly("v1");
        assertThat(s.visitsOf("bob")).isEmpty();
        assertThat(s.restrictionsOf("carl")).extracting(Restriction::id).containsExactly("r1");
        assertThat(s.restrictionsOf("bob")).isEmpty();
        assertThat(s.credentialById("c-bob").card()).isEqualTo(site.cardOf("bob"));
        assertThat(s.credentialById("c-nobody")).isNull();
        assertThat(s.doorIndex("hall")).isZero();
        assertThat(s.doorIndex("m2")).isEqualTo(5);
        assertThat(s.doorIndex("nope")).isEqualTo(-1);
        assertThat(site.snapshot().restrictionsOf("carl")).hasSize(1);
        assertThat(new TestSite().snapshot().restrictionsOf("carl")).as("no restrictions at all").isEmpty();
    }

    @Test
    void interlockPartnersAreTheOtherDoorsOfTheGroup() {
        PolicySnapshot s = site.snapshot();
        assertThat(s.interlockPartners(s.door("m1"))).containsExactly("m2");
        assertThat(s.interlockPartners(s.door("m2"))).containsExactly("m1");
        assertThat(s.interlockPartners(s.door("a"))).isEmpty();
    }

    @Test
    void aScheduleNeverOpensOnlyWhenItExistsAndCannotOpen() {
        PolicySnapshot s = site.snapshot();
        assertThat(s.scheduleNeverOpens("never")).isTrue();
        assertThat(s.scheduleNeverOpens("office")).isFalse();
        assertThat(s.scheduleNeverOpens("nope")).isFalse();
    }

    @Test
    void cardsDifferingOnlyInFacilityOrFormatAreDifferentBadges() {
        List<CardNumber> cards = List.of(CardNumber.h10301(18, 5), CardNumber.h10301(19, 5), CardNumber.c1000(18, 5),
                CardNumber.h10301(255, 65_535), CardNumber.c1000(4_095, 1_048_575), CardNumber.c1000(4_094, 1_048_575),
                new CardNumber(io.cagekeeper.policy.model.CardFormat.H10302, 0, 34_359_738_367L),
                new CardNumber(io.cagekeeper.policy.model.CardFormat.H10302, 0, 5));
        for (int i = 0; i < cards.size(); i++) {
            site.credentials.add(new Credential("c-x" + i, cards.get(i), "alice", CredentialStatus.ACTIVE, EPOCH, null, null, null,
                    null));
        }
        PolicySnapshot s = site.snapshot();
        for (int i = 0; i < cards.size(); i++) {
            assertThat(s.credential(cards.get(i)).id()).isEqualTo("c-x" + i);
        }
        assertThat(s.credential(CardNumber.c1000(19, 5))).isNull();
    }

    // ---- access levels laid out ----

    @Test
    void anAccessLevelIgnoresUnknownDoorsAndKeepsTheFirstScheduleOfADoorListedTwice() {
        site.levels.add(new AccessLevel("twice", "Twice", List.of(new DoorSchedule("nowhere", "always"),
                new DoorSchedule("vault", "never"), new DoorSchedule("vault", "always"), new DoorSchedule("b", "office"))));
        site.grants.add(new Grant("g-carl-2", "carl", "twice", EPOCH, null, "m"));
        PolicySnapshot s = site.snapshot();
        int level = 2;
        assertThat(s.scheduleForLevel(level, s.doorIndex("vault"))).isEqualTo(2);   // "never"
        assertThat(s.scheduleForLevel(level, s.doorIndex("b"))).isEqualTo(1);
        assertThat(s.scheduleForLevel(level, s.doorIndex("a"))).isEqualTo(-1);
        assertThat(engine.decide(s, site.read("carl", "vault-in", WED_10)).reasons()).containsExactly(ReasonCode.OUTSIDE_SCHEDULE);
        assertThat(engine.decide(s, site.read("carl", "b-in", WED_10)).granted()).isTrue();
    }

    /** 130 schedules: more than a byte holds, so no level x door matrix; the levels are searched instead. */
    @Test
    void schedulesBeyondWhatFitsAByteStillOpenExactlyTheirDoors() {
        for (int i = 0; i < 127; i++) {
            site.schedules.add(new Schedule("s" + i, "S" + i, List.of(new WeeklyInterval(DayOfWeek.of(i % 7 + 1), LocalTime.of(1, 0),
                    LocalTime.of(2, 0)))));
        }
        // the last one, index 129, opens Wednesdays (TestSite.WED_10)
        site.schedules.set(site.schedules.size() - 1, new Schedule("s126", "Wednesday", List.of(new WeeklyInterval(
                DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(11, 0)))));
        site.levels.add(new AccessLevel("late", "Late", List.of(new DoorSchedule("hall", "s126"), new DoorSchedule("vault", "s126"),
                new DoorSchedule("b", "s3"))));
        site.grants.add(new Grant("g-carl-late", "carl", "late", EPOCH, null, "m"));
        PolicySnapshot s = site.snapshot();
        assertThat(site.schedules).hasSize(130);
        assertThat(s.scheduleForLevel(2, s.doorIndex("hall"))).isEqualTo(129);
        assertThat(s.scheduleForLevel(2, s.doorIndex("vault"))).isEqualTo(129);
        assertThat(s.scheduleForLevel(2, s.doorIndex("b"))).isEqualTo(6);
        assertThat(s.scheduleForLevel(2, s.doorIndex("a"))).isEqualTo(-1);
        assertThat(s.scheduleForLevel(0, s.doorIndex("hall"))).as("level all, first door").isZero();
        assertThat(s.scheduleForLevel(1, s.doorIndex("hall"))).as("level office").isEqualTo(1);
        assertThat(s.scheduleForLevel(1, s.doorIndex("m2"))).isEqualTo(-1);
        Decision vault = engine.decide(s, site.read("carl", "vault-in", WED_10));
        assertThat(vault.granted()).isTrue();
        assertThat(vault.decidedBy()).isEqualTo("grant:g-carl-late");
        assertThat(engine.decide(s, site.read("carl", "vault-in", WED_10.plusSeconds(3 * 3600))).reasons())
                .containsExactly(ReasonCode.OUTSIDE_SCHEDULE);
        assertThat(engine.decide(s, site.read("carl", "a-in", WED_10)).reasons()).containsExactly(ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR);
    }

    // ---- card slots ----

    @Test
    void everyCardSlotSaysWhatTheDataSaysAboutItsBadge() {
        Instant half = Instant.parse("2026-11-25T08:00:00.500Z");
        site.replaceCredential("bob", new Credential("c-bob", site.cardOf("bob"), "bob", CredentialStatus.ACTIVE, half,
                half.plusSeconds(3600), null, null, null));
        site.replacePerson(new Person("alice", "Alice", PersonType.EMPLOYEE, Instant.parse("2026-11-25T12:00:00Z")));
        site.grants.set(2, new Grant("g-carl", "carl", "office", half.minusSeconds(60), Instant.parse("2026-11-25T10:00:00.250Z"),
                "manager"));
        site.grants.add(new Grant("g-bob-2", "bob", "office", Instant.parse("2026-11-25T07:00:00Z"), Instant.parse("2026-11-25T11:00:00Z"),
                "manager"));
        site.credentials.add(new Credential("c-ghost", CardNumber.h10301(18, 500), "ghost", CredentialStatus.ACTIVE, EPOCH, null, null,
                null, null));
        site.grants.add(new Grant("g-ghost", "ghost", "all", EPOCH, null, "m"));
        site.persons.add(new Person("dora", "Dora", PersonType.EMPLOYEE, null));
        site.credentials.add(new Credential("c-dora", CardNumber.h10301(18, 501), "dora", CredentialStatus.ACTIVE, EPOCH, null, null,
                null, null));
        site.credentials.add(new Credential("c-carl-lost", CardNumber.h10301(18, 502), "carl", CredentialStatus.LOST, EPOCH, null, null,
                null, null));
        site.restrictions.add(new Restriction("r", "dora", "vault", EPOCH, EPOCH.plusSeconds(1), "audit", "security"));
        PolicyData d = site.data();
        CardSlots.check(PolicySnapshot.compile(1, d), d, WED_10.getEpochSecond(), 0, -1, 0xFFFF_FFFEL, 0xFFFF_FFFFL);
    }

    @Test
    void everyCardSlotOfAGeneratedPolicySaysWhatItsDataSays() {
        PolicyData d = RichPolicy.generate(300, 11).data;
        CardSlots.check(PolicySnapshot.compile(1, d), d);
        PolicyData byId = PatchedSnapshotPropertiesTest.byId(d);
        CardSlots.check(PolicySnapshot.compile(1, byId), byId);
    }

    @Test
    void aBadgeIsPlainlyUsableFromTheFirstWholeSecondOfItsValidityToTheLast() {
        Instant from = Instant.parse("2026-11-25T08:00:00.500Z");
        Instant until = Instant.parse("2026-11-25T09:00:00Z");
        site.replaceCredential("bob", new Credential("c-bob", site.cardOf("bob"), "bob", CredentialStatus.ACTIVE, from, until, null,
                null, null));
        site.replacePerson(new Person("alice", "Alice", PersonType.EMPLOYEE, Instant.parse("2026-11-25T12:00:00.250Z")));
        PolicySnapshot s = site.snapshot();
        int bob = s.cardSlot(site.cardOf("bob"));
        assertThat(s.plainlyUsable(bob, from.getEpochSecond())).as("half a second of it is before the badge's start").isFalse();
        assertThat(s.plainlyUsable(bob, from.getEpochSecond() + 1)).isTrue();
        assertThat(s.plainlyUsable(bob, until.getEpochSecond() - 1)).isTrue();
        assertThat(s.plainlyUsable(bob, until.getEpochSecond())).isFalse();
        int alice = s.cardSlot(site.cardOf("alice"));
        long terminated = Instant.parse("2026-11-25T12:00:00Z").getEpochSecond();
        assertThat(s.plainlyUsable(alice, terminated - 1)).isTrue();
        assertThat(s.plainlyUsable(alice, terminated)).as("terminated a quarter second into it").isFalse();
        assertThat(engine.decide(s, site.read("alice", "a-in", Instant.parse("2026-11-25T12:00:00.250Z"))).reasons())
                .containsExactly(ReasonCode.PERSON_TERMINATED);
        assertThat(engine.decide(s, site.read("alice", "a-in", Instant.parse("2026-11-25T12:00:00.249Z"))).granted()).isTrue();
        assertThat(engine.decide(s, site.read("bob", "a-in", Instant.parse("2026-11-25T08:00:00.499Z"))).granted()).isFalse();
        assertThat(engine.decide(s, site.read("bob", "a-in", Instant.parse("2026-11-25T08:00:00.500Z"))).granted()).isTrue();
    }

    @Test
    void aSingleGrantIsSurelyValidFromItsFirstWholeSecondToItsLast() {
        Instant from = Instant.parse("2026-11-25T08:00:00.100Z");
        Instant until = Instant.parse("2026-11-25T09:00:00.900Z");
        site.grants.set(2, new Grant("g-carl", "carl", "office", from, until, "manager"));
        PolicySnapshot s = site.snapshot();
        int carl = s.cardSlot(site.cardOf("carl"));
        assertThat(s.singleInlinedGrant(carl)).isTrue();
        assertThat(s.firstLevelOfCard(carl)).isEqualTo(1);
        assertThat(s.firstGrantPlainlyValid(carl, from.getEpochSecond())).isFalse();
        assertThat(s.firstGrantPlainlyValid(carl, from.getEpochSecond() + 1)).isTrue();
        assertThat(s.firstGrantPlainlyValid(carl, until.getEpochSecond() - 1)).isTrue();
        assertThat(s.firstGrantPlainlyValid(carl, until.getEpochSecond())).isFalse();
        int slot = s.grantSlotsStartOfCard(carl);
        assertThat(s.grantValidAt(slot, from)).isTrue();
        assertThat(s.grantValidAt(slot, from.minusNanos(1))).isFalse();
        assertThat(s.grantValidAt(slot, until.minusNanos(1))).isTrue();
        assertThat(s.grantValidAt(slot, until)).isFalse();
        assertThat(engine.decide(s, site.read("carl", "hall-in", from.minusNanos(1))).reasons())
                .containsExactly(ReasonCode.GRANT_NOT_VALID_NOW);
        assertThat(engine.decide(s, site.read("carl", "hall-in", until.minusNanos(1))).granted()).isTrue();
    }

    /** A published snapshot is read by every decision at once: the lists it hands out cannot be changed through it. */
    @Test
    void theVisitsAndRestrictionsASnapshotHandsOutCannotBeChangedThroughIt() {
        TestSite site = TestSite.busy();
        site.restrictions.add(new Restriction("r-1", "bob", "cage", EPOCH, null, "under review", "security"));
        PolicySnapshot s = PolicySnapshot.compile(1, site.data());
        List<Visit> visits = s.visitsOf("vera");
        List<Restriction> restrictions = s.restrictionsOf("bob");
        assertThat(visits).hasSize(1);
        assertThat(restrictions).hasSize(1);
        assertThatThrownBy(() -> visits.add(visits.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> restrictions.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.visitsOf("vera")).hasSize(1);
        assertThat(s.restrictionsOf("bob")).hasSize(1);
    }
}
