package io.cagekeeper.policy.lint;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.Zone;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The grant-side lint ({@link PolicyLint}): each finding says exactly what is dead or conflicting and
 * why, and appears exactly when the rule it states holds. "Now" is {@link TestSite#WED_10}, 09:00Z.
 */
class GrantLintTest {

    private final TestSite site = new TestSite();

    private List<LintFinding> lint() {
        return PolicyLint.lint(site.data(), WED_10);
    }

    private List<LintFinding> findings(LintCheck check) {
        return lint().stream().filter(f -> f.check() == check).toList();
    }

    private static LintFinding finding(LintCheck check, String subject, String message) {
        return new LintFinding(check.severity(), check, subject, message);
    }

    @Test
    void findingsComeOrderedByCheckAndWithinACheckAsTheDataListsThem() {
        site.zones.add(new Zone("loop", "Loop", "loop"));
        site.doors.add(new Door("x", "X", "hall", "nowhere", null));
        site.grants.add(new Grant("g-old", "carl", "all", EPOCH, WED_10, "m"));
        site.grants.add(new Grant("g-x", "nobody", "all", EPOCH, null, "m"));
        assertThat(lint()).containsExactly(
                finding(LintCheck.GRANT_EXPIRED, "grant:g-old", "grant g-old of Carl expired at 2026-11-25T09:00:00Z and is still assigned"),
                finding(LintCheck.UNKNOWN_REFERENCE, "grant:g-x", "grant g-x names unknown person nobody"),
                finding(LintCheck.UNKNOWN_REFERENCE, "door:x", "door x names unknown zone nowhere"),
                finding(LintCheck.ZONE_CYCLE, "zone:loop", "zone loop is nested inside itself"));
    }

    @Test
    void everyFindingCarriesTheSeverityOfItsCheckAndPrintsAsOneLine() {
        site.zones.add(new Zone("loop", "Loop", "loop"));
        LintFinding f = lint().get(0);
        assertThat(f.severity()).isEqualTo(LintFinding.Severity.ERROR);
        assertThat(f).hasToString("ERROR ZONE_CYCLE zone:loop: zone loop is nested inside itself");
        assertThat(LintCheck.GRANT_EXPIRED.severity()).isEqualTo(LintFinding.Severity.WARNING);
        assertThat(LintCheck.GRANT_SHADOWED.severity()).isEqualTo(LintFinding.Severity.INFO);
        assertThat(LintCheck.ZONE_CYCLE.description()).isEqualTo("zones nest in a cycle");
    }

    @Test
    void anAccessLevelNamingAnUnknownDoorOrScheduleIsReported() {
        site.levels.add(new AccessLevel("ghost", "Ghost", List.of(new DoorSchedule("no-such-door", "always"),
                new DoorSchedule("a", "no-such-schedule"))));
        assertThat(findings(LintCheck.UNKNOWN_REFERENCE)).containsExactly(
                finding(LintCheck.UNKNOWN_REFERENCE, "access-level:ghost", "access level ghost names unknown door no-such-door"),
                finding(LintCheck.UNKNOWN_REFERENCE, "access-level:ghost", "access level ghost names unknown schedule no-such-schedule"));
    }

    @Test
    void aScheduleThatNeverOpensIsReportedOnlyWhenAGrantDependsOnItAndNoHolidayOpensIt() {
        site.levels.add(new AccessLevel("dead", "Dead", List.of(new DoorSchedule("a", "never"))));
        assertThat(findings(LintCheck.SCHEDULE_NEVER_OPENS)).as("no grant of the level").isEmpty();
        site.grants.add(new Grant("g-dead", "carl", "dead", EPOCH, null, "m"));
        site.grants.add(new Grant("g-dead-2", "bob", "dead", EPOCH, null, "m"));
        assertThat(findings(LintCheck.SCHEDULE_NEVER_OPENS)).containsExactly(finding(LintCheck.SCHEDULE_NEVER_OPENS,
                "access-level:dead", "2 grant(s) of level dead reach door a only through schedule never, which never opens"));
        site.calendars.add(new HolidayCalendar("de", "Holidays", List.of(LocalDate.of(2026, 12, 24))));
        site.overrides.add(new ScheduleOverride("never", "de", List.of()));
        assertThat(findings(LintCheck.SCHEDULE_NEVER_OPENS)).as("a closed holiday opens nothing").hasSize(1);
        site.overrides.set(0, new ScheduleOverride("never", "de", List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 0)))));
        assertThat(findings(LintCheck.SCHEDULE_NEVER_OPENS)).as("it opens on holidays").isEmpty();
    }

    @Test
    void aGrantOfAnUnknownPersonIsReportedOnceAndOneOfAnUnknownLevelByItsLevel() {
        site.grants.add(new Grant("g-x", "nobody", "no-level", EPOCH, null, "m"));
        site.grants.add(new Grant("g-y", "carl", "no-level", EPOCH, null, "m"));
        assertThat(lint()).containsExactly(
                finding(LintCheck.UNKNOWN_REFERENCE, "grant:g-x", "grant g-x names unknown person nobody"),
                finding(LintCheck.UNKNOWN_REFERENCE, "grant:g-y", "grant g-y names unknown access level no-level"));
    }

    @Test
    void aGrantIsExpiredFromItsEndInstantOn() {
        site.grants.add(new Grant("g-now", "carl", "all", EPOCH, WED_10, "m"));
        site.grants.add(new Grant("g-later", "carl", "all", EPOCH, WED_10.plusNanos(1), "m"));
        assertThat(findings(LintCheck.GRANT_EXPIRED)).extracting(LintFinding::subject).containsExactly("grant:g-now");
    }

    @Test
    void aGrantOutlivingItsHoldersTerminationIsReportedUnlessItEndsByThen() {
        Instant leaves = WED_10.plusSeconds(3600);
        site.replacePerson(new Person("bob", "Bob", PersonType.EMPLOYEE, leaves));
        site.grants.add(new Grant("g-bob-until", "bob", "office", EPOCH, leaves, "m"));
        site.grants.add(new Grant("g-bob-after", "bob", "office", WED_10, leaves.plusSeconds(1), "m"));
        site.grants.add(new Grant("g-bob-old", "bob", "office", EPOCH, WED_10, "m"));
        assertThat(findings(LintCheck.GRANT_OF_TERMINATED_PERSON)).containsExactly(
                finding(LintCheck.GRANT_OF_TERMINATED_PERSON, "grant:g-bob", "grant g-bob outlives Bob's termination at 2026-11-25T10:00:00Z"),
                finding(LintCheck.GRANT_OF_TERMINATED_PERSON, "grant:g-bob-after",
                        "grant g-bob-after outlives Bob's termination at 2026-11-25T10:00:00Z"));
        assertThat(findings(LintCheck.GRANT_EXPIRED)).extracting(LintFinding::subject).containsExactly("grant:g-bob-old");
        assertThat(findings(LintCheck.CREDENTIAL_OF_TERMINATED_PERSON)).as("not terminated yet").isEmpty();
    }

    @Test
    void anActiveBadgeOfSomeoneAlreadyTerminatedIsReportedAndAnInactiveOneIsNot() {
        Instant left = WED_10.minusSeconds(60);
        site.replacePerson(new Person("bob", "Bob", PersonType.EMPLOYEE, left));
        site.replacePerson(new Person("carl", "Carl", PersonType.CONTRACTOR, left));
        site.replaceCredential("carl", new Credential("c-carl", site.cardOf("carl"), "carl", CredentialStatus.SUSPENDED,
                EPOCH, null, null, null, null));
        site.credentials.add(TestSite.credential("ghost", 999));
        assertThat(findings(LintCheck.CREDENTIAL_OF_TERMINATED_PERSON)).containsExactly(finding(
                LintCheck.CREDENTIAL_OF_TERMINATED_PERSON, "credential:c-bob",
                "credential 18:101 is still ACTIVE although Bob was terminated at 2026-11-25T08:59:00Z"));
        assertThat(findings(LintCheck.UNKNOWN_REFERENCE)).containsExactly(finding(LintCheck.UNKNOWN_REFERENCE,
                "credential:c-ghost", "credential 18:999 names unknown person ghost"));
    }

    @Test
    void aVisitorsGrantIsReportedAsDead() {
        site.grants.add(new Grant("g-vera", "vera", "office", EPOCH, null, "m"));
        assertThat(findings(LintCheck.GRANT_OF_VISITOR)).containsExactly(finding(LintCheck.GRANT_OF_VISITOR, "grant:g-vera",
                "grant g-vera is given to visitor Vera; visitors enter through visits with an escort only"));
    }

    @Test
    void aGrantIsShadowedOnlyByAGrantOfTheSameLevelCoveringItsWholeWindow() {
        Instant w = WED_10;
        site.grants.add(new Grant("g-c1", "carl", "all", w.minusSeconds(60), w.plusSeconds(60), "m"));
        site.grants.add(new Grant("g-c2", "carl", "all", w, w.plusSeconds(120), "m"));           // overlaps g-c1, not inside it
        site.grants.add(new Grant("g-c3", "carl", "all", w.minusSeconds(60), w.plusSeconds(60), "m")); // equals g-c1
        site.grants.add(new Grant("g-c4", "carl", "all", w.minusSeconds(30), w.plusSeconds(60), "m")); // inside g-c1, same end
        site.grants.add(new Grant("g-c5", "carl", "all", w.minusSeconds(60), null, "m"));        // open-ended: inside none
        assertThat(findings(LintCheck.GRANT_SHADOWED)).containsExactly(
                finding(LintCheck.GRANT_SHADOWED, "grant:g-c1",
                        "grant g-c1 adds nothing: grant g-c5 gives the same level over its whole window"),
                finding(LintCheck.GRANT_SHADOWED, "grant:g-c2",
                        "grant g-c2 adds nothing: grant g-c5 gives the same level over its whole window"),
                finding(LintCheck.GRANT_SHADOWED, "grant:g-c3",
                        "grant g-c3 adds nothing: grant g-c1 gives the same level over its whole window"),
                finding(LintCheck.GRANT_SHADOWED, "grant:g-c4",
                        "grant g-c4 adds nothing: grant g-c1 gives the same level over its whole window"));
    }

    @Test
    void grantsOfOtherLevelsOrOtherPersonsShadowNothing() {
        site.grants.add(new Grant("g-c1", "carl", "all", WED_10, WED_10.plusSeconds(60), "m"));
        site.grants.add(new Grant("g-c2", "carl", "office", WED_10, WED_10.plusSeconds(60), "m"));
        site.grants.add(new Grant("g-d1", "vera", "all", WED_10, WED_10.plusSeconds(60), "m"));
        site.grants.add(new Grant("g-c3", "carl", "all", WED_10.minusSeconds(1), WED_10.plusSeconds(30), "m"));
        site.grants.add(new Grant("g-c4", "carl", "all", WED_10.plusSeconds(1), WED_10.plusSeconds(61), "m"));
        assertThat(findings(LintCheck.GRANT_SHADOWED)).extracting(LintFinding::subject)
                .as("g-c2 is shadowed by g-carl (office, open-ended)").containsExactly("grant:g-c2");
    }
}
