package io.cagekeeper.policy.lint;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
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
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLintTest {

    private final TestSite site = new TestSite();

    private List<LintFinding> findings(LintCheck check) {
        return PolicyLint.lint(site.data(), WED_10).stream().filter(f -> f.check() == check).toList();
    }

    @Test
    void reportsNothingForACleanSite() {
        assertThat(PolicyLint.lint(site.data(), WED_10)).isEmpty();
    }

    @Test
    void reportsAGrantToADoorWhoseScheduleNeverOpens() {
        site.levels.add(new AccessLevel("dead", "Dead", List.of(new DoorSchedule("a", "never"))));
        site.grants.add(new Grant("g-dead", "carl", "dead", EPOCH, null, "m"));
        assertThat(findings(LintCheck.SCHEDULE_NEVER_OPENS)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("level dead reach door a only through schedule never"));
    }

    @Test
    void reportsAnExpiredGrantStillAssigned() {
        site.grants.add(new Grant("g-old", "carl", "all", EPOCH, WED_10.minusSeconds(1), "m"));
        assertThat(findings(LintCheck.GRANT_EXPIRED)).extracting(LintFinding::subject).containsExactly("grant:g-old");
    }

    @Test
    void reportsGrantsAndActiveBadgesOfTerminatedPersons() {
        site.replacePerson(new Person("bob", "Bob", PersonType.EMPLOYEE, WED_10.minusSeconds(60)));
        assertThat(findings(LintCheck.GRANT_OF_TERMINATED_PERSON)).extracting(LintFinding::subject).containsExactly("grant:g-bob");
        assertThat(findings(LintCheck.CREDENTIAL_OF_TERMINATED_PERSON)).extracting(LintFinding::subject).containsExactly("credential:c-bob");
    }

    @Test
    void reportsAVisitWithoutEscortAndOneWhoseEscortCannotEnter() {
        site.visits.add(new Visit("v-1", "vera", "cage-a", WED_10, WED_10.plusSeconds(3600), null, "reception"));
        site.visits.add(new Visit("v-2", "vera", "cage-a", WED_10, WED_10.plusSeconds(3600), "carl", "reception"));
        site.visits.add(new Visit("v-3", "vera", "cage-a", WED_10, WED_10.plusSeconds(3600), "bob", "reception"));
        assertThat(findings(LintCheck.VISIT_WITHOUT_ESCORT)).extracting(LintFinding::subject).containsExactly("visit:v-1");
        assertThat(findings(LintCheck.VISIT_ESCORT_UNAUTHORIZED)).extracting(LintFinding::subject).containsExactly("visit:v-2");
    }

    @Test
    void reportsATwoPersonZoneOnlyOnePersonMayEnter() {
        site.zonePolicies.add(new ZonePolicy("vault", ApbMode.NONE, 0, 10));
        site.levels.set(0, new AccessLevel("all", "Everything", List.of(new DoorSchedule("hall", "always"))));
        site.levels.add(new AccessLevel("vault", "Vault", List.of(new DoorSchedule("vault", "always"))));
        site.grants.add(new Grant("g-v", "alice", "vault", EPOCH, null, "m"));
        assertThat(findings(LintCheck.TWO_PERSON_SINGLE_HOLDER)).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("only alice may use door vault"));
        site.grants.add(new Grant("g-v2", "bob", "vault", EPOCH, null, "m"));
        assertThat(findings(LintCheck.TWO_PERSON_SINGLE_HOLDER)).isEmpty();
    }

    @Test
    void reportsShadowedGrantsAndVisitorGrants() {
        site.grants.add(new Grant("g-bob-2", "bob", "all", WED_10, WED_10.plusSeconds(60), "m"));
        site.grants.add(new Grant("g-vera", "vera", "office", EPOCH, null, "m"));
        assertThat(findings(LintCheck.GRANT_SHADOWED)).extracting(LintFinding::subject).containsExactly("grant:g-bob-2");
        assertThat(findings(LintCheck.GRANT_OF_VISITOR)).extracting(LintFinding::subject).containsExactly("grant:g-vera");
    }

    @Test
    void reportsARestrictionThatConflictsWithAGrant() {
        site.restrictions.add(new Restriction("r-1", "carl", "hall", EPOCH, null, "x", "security"));
        assertThat(findings(LintCheck.RESTRICTION_CONFLICTS_WITH_GRANT)).extracting(LintFinding::subject)
                .containsExactly("restriction:r-1");
    }

    @Test
    void reportsPinDoorsWhosePeopleHaveNoPin() {
        site.doorModes.add(new DoorModeRule("vault", DoorMode.CARD_AND_PIN, "always"));
        assertThat(findings(LintCheck.PIN_DOOR_WITHOUT_PIN)).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("2 person(s) granted door vault"));
    }

    @Test
    void reportsUnknownReferencesLoneInterlocksAndZoneCycles() {
        site.doors.add(new Door("x", "X", "hall", "nowhere", "solo"));
        site.zones.add(new Zone("loop1", "L1", "loop2"));
        site.zones.add(new Zone("loop2", "L2", "loop1"));
        site.levels.add(new AccessLevel("ghost", "Ghost", List.of(new DoorSchedule("no-such-door", "always"))));
        assertThat(findings(LintCheck.UNKNOWN_REFERENCE)).extracting(LintFinding::subject)
                .containsExactlyInAnyOrder("door:x", "access-level:ghost");
        assertThat(findings(LintCheck.INTERLOCK_GROUP_OF_ONE)).extracting(LintFinding::subject).containsExactly("interlock:solo");
        assertThat(findings(LintCheck.ZONE_CYCLE)).extracting(LintFinding::subject).containsExactly("zone:loop1", "zone:loop2");
    }

    @Test
    void theCommandListsEveryCheck() {
        var out = new java.io.ByteArrayOutputStream();
        var old = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            PolicyLintMain.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed).startsWith("Cagekeeper policy lint checks (API: PolicyLint.lint(PolicyData, Instant) -> List<LintFinding>):");
        for (LintCheck c : LintCheck.values()) {
            assertThat(printed).contains(c.name()).contains(c.description());
        }
        assertThat(printed.lines()).contains("  ERROR    ZONE_CYCLE                         zones nest in a cycle",
                "  INFO     GRANT_SHADOWED                     a grant adds nothing: another grant of the same person and level covers its whole window");
    }
}
