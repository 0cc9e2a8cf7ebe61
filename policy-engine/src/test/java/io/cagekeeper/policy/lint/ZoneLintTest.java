package io.cagekeeper.policy.lint;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The zone-side lint ({@link ZoneLint}): zone nesting, visits and their escorts, two-person zones,
 * restrictions against grants, PIN doors and interlocks. "Now" is {@link TestSite#WED_10}, 09:00Z.
 */
class ZoneLintTest {

    private static final Instant HOUR = WED_10.plusSeconds(3600);
    private final TestSite site = new TestSite();

    private List<LintFinding> findings(LintCheck check) {
        return PolicyLint.lint(site.data(), WED_10).stream().filter(f -> f.check() == check).toList();
    }

    private static LintFinding finding(LintCheck check, String subject, String message) {
        return new LintFinding(check.severity(), check, subject, message);
    }

    private void employee(String id, int card) {
        site.persons.add(new Person(id, id.substring(0, 1).toUpperCase() + id.substring(1), PersonType.EMPLOYEE, null));
        site.credentials.add(TestSite.credential(id, card));
    }

    private void visit(String id, String zone, Instant until, String escort) {
        site.visits.add(new Visit(id, "vera", zone, WED_10, until, escort, "reception"));
    }

    @Test
    void onlyZonesOnACycleAreReportedAsNestedInThemselves() {
        site.zones.add(new Zone("self", "Self", "self"));
        site.zones.add(new Zone("loop1", "L1", "loop2"));
        site.zones.add(new Zone("loop2", "L2", "loop1"));
        site.zones.add(new Zone("tail", "Tail", "loop1"));
        site.zones.add(new Zone("orphan", "Orphan", "no-such-zone"));
        assertThat(findings(LintCheck.ZONE_CYCLE)).containsExactly(
                finding(LintCheck.ZONE_CYCLE, "zone:self", "zone self is nested inside itself"),
                finding(LintCheck.ZONE_CYCLE, "zone:loop1", "zone loop1 is nested inside itself"),
                finding(LintCheck.ZONE_CYCLE, "zone:loop2", "zone loop2 is nested inside itself"));
    }

    @Test
    void aDoorNamingUnknownZonesIsReportedForEachSide() {
        site.doors.add(new Door("x", "X", "void", "nowhere", null));
        assertThat(findings(LintCheck.UNKNOWN_REFERENCE)).containsExactly(
                finding(LintCheck.UNKNOWN_REFERENCE, "door:x", "door x names unknown zone void"),
                finding(LintCheck.UNKNOWN_REFERENCE, "door:x", "door x names unknown zone nowhere"));
    }

    @Test
    void aVisitOfAnUnknownVisitorOrToAnUnknownZoneIsReportedAndNothingElseAboutIt() {
        site.visits.add(new Visit("v-9", "ghost", "hall", WED_10, HOUR, null, "reception"));
        visit("v-8", "nowhere", HOUR, null);
        assertThat(PolicyLint.lint(site.data(), WED_10.minusSeconds(7200))).containsExactly(
                finding(LintCheck.UNKNOWN_REFERENCE, "visit:v-9", "visit v-9 names an unknown visitor ghost"),
                finding(LintCheck.UNKNOWN_REFERENCE, "visit:v-8", "visit v-8 names an unknown zone nowhere"));
    }

    @Test
    void aVisitIsExpiredFromItsEndInstantOnAndThenNotCheckedFurther() {
        site.visits.add(new Visit("v-old", "vera", "cage-a", WED_10.minusSeconds(60), WED_10, null, "reception"));
        visit("v-1", "cage-a", WED_10.plusNanos(1), null);
        assertThat(findings(LintCheck.VISIT_EXPIRED)).containsExactly(finding(LintCheck.VISIT_EXPIRED, "visit:v-old",
                "visit v-old of Vera ended at 2026-11-25T09:00:00Z"));
        assertThat(findings(LintCheck.VISIT_WITHOUT_ESCORT)).containsExactly(finding(LintCheck.VISIT_WITHOUT_ESCORT, "visit:v-1",
                "visit v-1 of Vera to cage-a names no escort; escorts are required, so it admits nobody"));
    }

    @Test
    void anEscortMustBeAKnownNonVisitorInPlaceForTheWholeVisitWithAGrantIntoTheZone() {
        site.replacePerson(new Person("bob", "Bob", PersonType.EMPLOYEE, WED_10.plusSeconds(1800)));
        visit("v-2", "cage-a", HOUR, "ghost");
        visit("v-3", "cage-a", HOUR, "vera");
        visit("v-4", "cage-a", HOUR, "bob");
        visit("v-5", "cage-a", HOUR, "carl");
        visit("v-6", "hall", HOUR, "carl");
        visit("v-7", "cage-a", HOUR, "alice");
        assertThat(findings(LintCheck.VISIT_ESCORT_UNAUTHORIZED)).containsExactly(
                finding(LintCheck.VISIT_ESCORT_UNAUTHORIZED, "visit:v-2", "escort ghost of visit v-2 is unknown"),
                finding(LintCheck.VISIT_ESCORT_UNAUTHORIZED, "visit:v-3", "escort vera of visit v-3 is a visitor"),
                finding(LintCheck.VISIT_ESCORT_UNAUTHORIZED, "visit:v-4", "escort bob of visit v-4 is terminated at 2026-11-25T09:30:00Z"),
                finding(LintCheck.VISIT_ESCORT_UNAUTHORIZED, "visit:v-5", "escort carl of visit v-5 has no grant into cage-a during the visit"));
    }

    @Test
    void anEscortLeavingExactlyWhenTheVisitEndsIsInPlaceForIt() {
        site.replacePerson(new Person("bob", "Bob", PersonType.EMPLOYEE, HOUR));
        visit("v-1", "cage-a", HOUR, "bob");
        assertThat(findings(LintCheck.VISIT_ESCORT_UNAUTHORIZED)).isEmpty();
    }

    @Test
    void anEscortMayEnterAVisitZoneThroughADoorIntoAZoneNestedInIt() {
        employee("dave", 200);
        site.levels.add(new AccessLevel("cage-a", "Cage A", List.of(new DoorSchedule("a", "always"))));
        site.grants.add(new Grant("g-dave", "dave", "cage-a", EPOCH, null, "m"));
        visit("v-1", "hall", HOUR, "dave");
        visit("v-2", "cage-b", HOUR, "dave");
        assertThat(findings(LintCheck.VISIT_ESCORT_UNAUTHORIZED)).extracting(LintFinding::subject).containsExactly("visit:v-2");
    }

    @Test
    void anEscortsGrantMustOverlapTheVisit() {
        employee("dave", 200);
        employee("erin", 201);
        site.grants.add(new Grant("g-dave", "dave", "office", EPOCH, WED_10, "m"));       // ends as the visit starts
        site.grants.add(new Grant("g-erin", "erin", "office", HOUR, null, "m"));          // starts as the visit ends
        visit("v-1", "hall", HOUR, "dave");
        visit("v-2", "hall", HOUR, "erin");
        assertThat(findings(LintCheck.VISIT_ESCORT_UNAUTHORIZED)).extracting(LintFinding::subject)
                .containsExactly("visit:v-1", "visit:v-2");
        site.grants.add(new Grant("g-erin-2", "erin", "office", HOUR.minusNanos(1), HOUR, "m"));   // its last instant
        assertThat(findings(LintCheck.VISIT_ESCORT_UNAUTHORIZED)).extracting(LintFinding::subject)
                .containsExactly("visit:v-1");
    }

    @Test
    void aTwoPersonDoorIsReportedWhenExactlyOneUsablePersonHoldsIt() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.NONE, 0, 10));
        site.zonePolicies.add(new ZonePolicy("cage-b", ApbMode.HARD, 0, 0));
        site.levels.set(0, new AccessLevel("all", "Everything", List.of(new DoorSchedule("hall", "always"))));
        site.levels.add(new AccessLevel("vault", "Vault", List.of(new DoorSchedule("vault", "always"))));
        site.levels.add(new AccessLevel("b", "Cage B", List.of(new DoorSchedule("b", "always"))));
        site.grants.add(new Grant("g-b", "alice", "b", EPOCH, null, "m"));   // one holder, but cage B needs no second
        assertThat(findings(LintCheck.TWO_PERSON_SINGLE_HOLDER)).as("nobody at all: another finding's business").isEmpty();
        site.grants.add(new Grant("g-v", "alice", "vault", EPOCH, null, "m"));
        site.grants.add(new Grant("g-v-vera", "vera", "vault", EPOCH, null, "m"));
        site.grants.add(new Grant("g-v-bob", "bob", "vault", EPOCH, WED_10, "m"));
        site.replacePerson(new Person("carl", "Carl", PersonType.CONTRACTOR, WED_10));
        site.grants.add(new Grant("g-v-carl", "carl", "vault", EPOCH, null, "m"));
        site.grants.add(new Grant("g-v-ghost", "ghost", "vault", EPOCH, null, "m"));
        assertThat(findings(LintCheck.TWO_PERSON_SINGLE_HOLDER)).containsExactly(finding(LintCheck.TWO_PERSON_SINGLE_HOLDER,
                "door:vault", "only alice may use door vault into two-person zone vault; it can never be used alone"));
        employee("dave", 200);
        site.grants.add(new Grant("g-v-dave", "dave", "vault", EPOCH, WED_10.plusNanos(1), "m"));
        assertThat(findings(LintCheck.TWO_PERSON_SINGLE_HOLDER)).isEmpty();
    }

    @Test
    void aRestrictionConflictsWithAGrantOpeningADoorIntoItsZoneWhileBothHold() {
        site.restrictions.add(new Restriction("r-hall", "carl", "hall", EPOCH, null, "x", "security"));
        site.restrictions.add(new Restriction("r-site", "carl", null, EPOCH, null, "x", "security"));
        site.restrictions.add(new Restriction("r-cage", "carl", "cage-a", EPOCH, null, "x", "security"));
        site.restrictions.add(new Restriction("r-before", "carl", "hall", EPOCH.minusSeconds(86_400), EPOCH, "x", "security"));
        assertThat(findings(LintCheck.RESTRICTION_CONFLICTS_WITH_GRANT)).containsExactly(
                finding(LintCheck.RESTRICTION_CONFLICTS_WITH_GRANT, "restriction:r-hall",
                        "restriction r-hall denies door hall that grant g-carl of carl opens; the restriction wins"),
                finding(LintCheck.RESTRICTION_CONFLICTS_WITH_GRANT, "restriction:r-site",
                        "restriction r-site denies door hall that grant g-carl of carl opens; the restriction wins"));
    }

    @Test
    void aRestrictionStartingWhenTheGrantEndsConflictsWithNothing() {
        site.grants.set(2, new Grant("g-carl", "carl", "office", EPOCH, WED_10, "manager"));
        site.restrictions.add(new Restriction("r-after", "carl", "hall", WED_10, null, "x", "security"));
        site.restrictions.add(new Restriction("r-overlap", "carl", "hall", WED_10.minusNanos(1), null, "x", "security"));
        assertThat(findings(LintCheck.RESTRICTION_CONFLICTS_WITH_GRANT)).extracting(LintFinding::subject)
                .containsExactly("restriction:r-overlap");
    }

    @Test
    void aRestrictionIsReportedOncePerConflictingGrant() {
        site.restrictions.add(new Restriction("r-a", "alice", "hall", EPOCH, null, "x", "security"));
        site.grants.add(new Grant("g-alice-2", "alice", "office", EPOCH, null, "m"));
        List<LintFinding> found = findings(LintCheck.RESTRICTION_CONFLICTS_WITH_GRANT);
        assertThat(found).hasSize(2);
        assertThat(found.get(0).message()).startsWith("restriction r-a denies door ")
                .endsWith(" that grant g-alice of alice opens; the restriction wins");
        assertThat(found.get(1).message()).isEqualTo("restriction r-a denies door hall that grant g-alice-2 of alice opens; the restriction wins");
    }

    @Test
    void aPinDoorListsUpToFivePeopleGrantedThereWithoutAPinOnAnActiveBadge() {
        site.doorModes.add(new DoorModeRule("b", DoorMode.CARD_AND_BIOMETRIC, "always"));
        assertThat(findings(LintCheck.PIN_DOOR_WITHOUT_PIN)).as("a biometric door needs no PIN").isEmpty();
        site.doorModes.add(new DoorModeRule("vault", DoorMode.CARD_AND_PIN, "always"));
        site.doorModes.add(new DoorModeRule("a", DoorMode.CARD_AND_PIN, "always"));
        for (int i = 1; i <= 4; i++) {
            employee("p" + i, 300 + i);
            site.grants.add(new Grant("g-p" + i, "p" + i, "all", EPOCH, null, "m"));
        }
        assertThat(findings(LintCheck.PIN_DOOR_WITHOUT_PIN)).containsExactly(
                finding(LintCheck.PIN_DOOR_WITHOUT_PIN, "door:vault",
                        "6 person(s) granted door vault have no PIN on an active badge, e.g. [alice, bob, p1, p2, p3]"),
                finding(LintCheck.PIN_DOOR_WITHOUT_PIN, "door:a",
                        "6 person(s) granted door a have no PIN on an active badge, e.g. [alice, bob, p1, p2, p3]"));
    }

    @Test
    void aPinOnlyCountsOnAnActiveBadgeAndTerminatedHoldersAreLeftOut() {
        site.doorModes.add(new DoorModeRule("vault", DoorMode.CARD_AND_PIN, "always"));
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", CredentialStatus.ACTIVE,
                EPOCH, null, null, null, "$argon2id$stored"));
        site.replaceCredential("bob", new Credential("c-bob", site.cardOf("bob"), "bob", CredentialStatus.SUSPENDED,
                EPOCH, null, null, null, "$argon2id$stored"));
        assertThat(findings(LintCheck.PIN_DOOR_WITHOUT_PIN)).extracting(LintFinding::message)
                .containsExactly("1 person(s) granted door vault have no PIN on an active badge, e.g. [bob]");
        site.replacePerson(new Person("bob", "Bob", PersonType.EMPLOYEE, WED_10));
        assertThat(findings(LintCheck.PIN_DOOR_WITHOUT_PIN)).isEmpty();
    }

    @Test
    void eachInterlockGroupOfOneIsReportedInNameOrder() {
        site.doors.add(new Door("z1", "Z1", "hall", "cage-a", "zz"));
        site.doors.add(new Door("a1", "A1", "hall", "cage-a", "aa"));
        assertThat(findings(LintCheck.INTERLOCK_GROUP_OF_ONE)).containsExactly(
                finding(LintCheck.INTERLOCK_GROUP_OF_ONE, "interlock:aa", "interlock group aa has only door a1"),
                finding(LintCheck.INTERLOCK_GROUP_OF_ONE, "interlock:zz", "interlock group zz has only door z1"));
    }
}
