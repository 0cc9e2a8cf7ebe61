package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialRulesTest {

    private final TestSite site = new TestSite();
    private final PolicyEngine engine = new PolicyEngine();

    private Decision decide(AccessRequest r) {
        return engine.decide(site.snapshot(), r);
    }

    @Test
    void grantsAnActiveBadgeWithAGrantAndNamesTheGrant() {
        Decision d = decide(site.read("alice", "hall-in", WED_10));
        assertThat(d.result()).isEqualTo(Result.GRANT);
        assertThat(d.reasons()).containsExactly(ReasonCode.ACCESS_LEVEL_GRANTED);
        assertThat(d.decidedBy()).isEqualTo("grant:g-alice");
        assertThat(d.snapshotVersion()).isEqualTo(1);
        assertThat(d.sentence()).isEqualTo("Granted: Alice (18:100) at Hall door by access level all, approved by manager");
    }

    @ParameterizedTest
    @CsvSource({"SUSPENDED,CREDENTIAL_SUSPENDED", "LOST,CREDENTIAL_LOST", "STOLEN,CREDENTIAL_STOLEN",
            "REVOKED,CREDENTIAL_REVOKED", "EXPIRED,CREDENTIAL_EXPIRED"})
    void deniesEveryNonActiveStatusWithItsOwnReason(CredentialStatus status, ReasonCode reason) {
        site.replaceCredential("alice", new Credential("c-alice", CardNumber.h10301(18, 40211), "alice", status,
                TestSite.EPOCH, null, TestSite.local(2026, 11, 25, 9, 12), "facilities", null));
        Decision d = engine.decide(site.snapshot(), new AccessRequest("hall-in",
                new CardRead.Decoded(CardNumber.h10301(18, 40211)), null, null, WED_10));
        assertThat(d.result()).isEqualTo(Result.DENY);
        assertThat(d.reasons()).containsExactly(reason);
        assertThat(d.decidedBy()).isEqualTo("credential:c-alice");
        assertThat(d.sentence()).isEqualTo("Denied: credential 18:40211 reported " + status + " at 2026-11-25 09:12 by facilities");
    }

    @Test
    void deniesBadgeBeforeItsValidityWindow() {
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", CredentialStatus.ACTIVE,
                WED_10.plusSeconds(60), null, null, null, null));
        Decision d = decide(site.read("alice", "hall-in", WED_10));
        assertThat(d.reasons()).containsExactly(ReasonCode.CREDENTIAL_NOT_YET_VALID);
        assertThat(d.sentence()).isEqualTo("Denied: credential 18:100 is not valid before 2026-11-25 10:01");
    }

    @Test
    void deniesBadgeAfterItsValidityWindow() {
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", CredentialStatus.ACTIVE,
                TestSite.EPOCH, WED_10, null, null, null));
        Decision d = decide(site.read("alice", "hall-in", WED_10));
        assertThat(d.reasons()).containsExactly(ReasonCode.CREDENTIAL_EXPIRED);
        assertThat(d.sentence()).contains("expired at 2026-11-25 10:00");
    }

    @Test
    void listsEveryApplicableDenyWithTheFirstDeciding() {
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", CredentialStatus.LOST,
                TestSite.EPOCH, WED_10, null, null, null));
        site.replacePerson(new Person("alice", "Alice", PersonType.EMPLOYEE, TestSite.EPOCH));
        Decision d = decide(site.read("alice", "hall-in", WED_10));
        assertThat(d.reasons()).containsExactly(ReasonCode.CREDENTIAL_LOST, ReasonCode.CREDENTIAL_EXPIRED,
                ReasonCode.PERSON_TERMINATED);
        assertThat(d.decidedBy()).isEqualTo("credential:c-alice");
    }

    @Test
    void deniesATerminatedPersonFromTheTerminationInstant() {
        site.replacePerson(new Person("alice", "Alice", PersonType.EMPLOYEE, WED_10));
        assertThat(decide(site.read("alice", "hall-in", WED_10.minusSeconds(1))).granted()).isTrue();
        Decision d = decide(site.read("alice", "hall-in", WED_10));
        assertThat(d.reasons()).containsExactly(ReasonCode.PERSON_TERMINATED);
        assertThat(d.decidedBy()).isEqualTo("person:alice");
        assertThat(d.sentence()).isEqualTo("Denied: Alice was terminated at 2026-11-25 10:00");
    }

    @Test
    void deniesUnknownReaderCredentialAndPerson() {
        assertThat(decide(new AccessRequest("nope", new CardRead.Decoded(site.cardOf("alice")), null, null, WED_10)).reasons())
                .containsExactly(ReasonCode.UNKNOWN_READER);
        assertThat(decide(new AccessRequest("hall-in", new CardRead.Decoded(CardNumber.h10301(1, 1)), null, null, WED_10)).reasons())
                .containsExactly(ReasonCode.UNKNOWN_CREDENTIAL);
        site.credentials.add(TestSite.credential("ghost", 999));
        assertThat(decide(site.read("ghost", "hall-in", WED_10)).reasons()).containsExactly(ReasonCode.UNKNOWN_PERSON);
    }

    @Test
    void looksUpCorporate1000BadgesBesideH10301OnesWithTheSameNumbers() {
        CardNumber c1000 = CardNumber.c1000(18, 100);
        site.credentials.add(new Credential("c-bob-2", c1000, "bob", CredentialStatus.LOST, TestSite.EPOCH, null, null, null, null));
        PolicySnapshot s = site.snapshot();
        assertThat(s.credential(c1000).id()).isEqualTo("c-bob-2");
        assertThat(s.credential(CardNumber.h10301(18, 100)).id()).isEqualTo("c-alice");
        Decision d = engine.decide(s, new AccessRequest("hall-in", new CardRead.Decoded(c1000), null, null, Instant.now()));
        assertThat(d.reasons()).containsExactly(ReasonCode.CREDENTIAL_LOST);
        assertThat(d.sentence()).startsWith("Denied: credential C1000/18:100 reported LOST");
    }
}
