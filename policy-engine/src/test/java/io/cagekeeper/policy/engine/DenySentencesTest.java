package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static io.cagekeeper.policy.TestSite.WED_10;
import static io.cagekeeper.policy.engine.BothPaths.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.state.EngineState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every refusal names its rule and says in one sentence what happened, for the security desk and the
 * audit report: a blank or wrong sentence is a defect even when the door stays shut.
 */
class DenySentencesTest {

    private final TestSite site = new TestSite();
    private final BothPaths judge = new BothPaths(new PolicyEngine());

    private Outcome decide(EngineState st, AccessRequest r) {
        return judge.decide(site.snapshot(), st, r);
    }

    private Outcome decide(AccessRequest r) {
        return decide(EngineState.initial(), r);
    }

    private void badge(CredentialStatus status, Instant from, Instant until, Instant changedAt, String changedBy) {
        site.replaceCredential("alice", new Credential("c-alice", site.cardOf("alice"), "alice", status, from, until,
                changedAt, changedBy, null));
    }

    @Test
    void anUnknownReaderIsNamed() {
        Outcome o = decide(new AccessRequest("nope", new CardRead.Decoded(site.cardOf("alice")), null, null, WED_10));
        assertThat(o.decision()).isEqualTo(decision(Result.DENY, "rule:reader", "Denied: reader nope is not configured",
                ReasonCode.UNKNOWN_READER));
        assertThat(o.facts()).isEmpty();
        assertThat(o.pinMatched()).isNull();
    }

    @Test
    void aFireAlarmGrantSaysWhichExitItReleasesAndChangesNoState() {
        EngineState fire = EngineState.initial().fireAlarm(true);
        Outcome o = decide(fire, new AccessRequest("a-out", new CardRead.Unreadable("noise"), null, null, WED_10));
        assertThat(o.decision()).isEqualTo(decision(Result.GRANT, "rule:fire-egress",
                "Granted: fire alarm releases egress at Cage A door", ReasonCode.FIRE_EGRESS));
        assertThat(o.next()).isSameAs(fire);
        assertThat(o.facts()).isEmpty();
    }

    @Test
    void anUnreadableCardSaysWhyAndAnUnknownOneItsNumber() {
        assertThat(decide(new AccessRequest("hall-in", new CardRead.Unreadable("parity error in 26-bit frame"), null, null,
                WED_10)).decision()).isEqualTo(decision(Result.DENY, "rule:card-read",
                "Denied: unreadable card at Hall door (parity error in 26-bit frame)", ReasonCode.BAD_CARD_READ));
        assertThat(decide(new AccessRequest("hall-in", new CardRead.Decoded(CardNumber.h10301(9, 9)), null, null,
                WED_10)).decision()).isEqualTo(decision(Result.DENY, "rule:credential",
                "Denied: credential 9:9 is not enrolled", ReasonCode.UNKNOWN_CREDENTIAL));
    }

    @Test
    void aBadgeOfNoKnownPersonNamesTheCredential() {
        site.credentials.add(TestSite.credential("ghost", 999));
        assertThat(decide(site.read("ghost", "hall-in", WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "credential:c-ghost", "Denied: credential 18:999 belongs to no known person", ReasonCode.UNKNOWN_PERSON));
    }

    @Test
    void aStatusSentenceNamesWhenAndWhoOnlyWhenKnown() {
        badge(CredentialStatus.SUSPENDED, EPOCH, null, null, null);
        assertThat(decide(site.read("alice", "hall-in", WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "credential:c-alice", "Denied: credential 18:100 reported SUSPENDED", ReasonCode.CREDENTIAL_SUSPENDED));
        badge(CredentialStatus.LOST, EPOCH, null, null, "facilities");
        assertThat(decide(site.read("alice", "hall-in", WED_10)).decision().sentence())
                .isEqualTo("Denied: credential 18:100 reported LOST by facilities");
        badge(CredentialStatus.STOLEN, EPOCH, null, TestSite.local(2026, 11, 25, 9, 10), null);
        assertThat(decide(site.read("alice", "hall-in", WED_10)).decision().sentence())
                .isEqualTo("Denied: credential 18:100 reported STOLEN at 2026-11-25 09:10");
    }

    @Test
    void aBadgeExpiredByStatusAndByDateIsListedAsExpiredOnce() {
        badge(CredentialStatus.EXPIRED, EPOCH, WED_10.minusSeconds(60), null, null);
        assertThat(decide(site.read("alice", "hall-in", WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "credential:c-alice", "Denied: credential 18:100 reported EXPIRED", ReasonCode.CREDENTIAL_EXPIRED));
    }

    @Test
    void aLostBadgeNotYetValidListsBothInCheckOrder() {
        badge(CredentialStatus.LOST, WED_10.plusSeconds(60), null, null, null);
        assertThat(decide(site.read("alice", "hall-in", WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "credential:c-alice", "Denied: credential 18:100 reported LOST",
                ReasonCode.CREDENTIAL_LOST, ReasonCode.CREDENTIAL_NOT_YET_VALID));
    }

    @Test
    void anActiveBadgeOutsideItsWindowIsDeniedOnTheFullPathToo() {
        badge(CredentialStatus.ACTIVE, EPOCH, WED_10, null, null);
        assertThat(decide(site.read("alice", "hall-in", WED_10)).decision()).isEqualTo(decision(Result.DENY,
                "credential:c-alice", "Denied: credential 18:100 expired at 2026-11-25 10:00", ReasonCode.CREDENTIAL_EXPIRED));
        assertThat(decide(site.read("alice", "hall-in", WED_10.minusNanos(1))).decision().granted()).isTrue();
    }

    @Test
    void anInterlockedDoorSaysWhichPartnerIsOpen() {
        Outcome o = decide(EngineState.initial().doorOpened("m1"), site.read("alice", "m2-in", WED_10));
        assertThat(o.decision()).isEqualTo(decision(Result.DENY, "rule:interlock:trap",
                "Denied: Mantrap inner stays locked while Mantrap outer of its mantrap is open", ReasonCode.INTERLOCK_BUSY));
        assertThat(decide(EngineState.initial().doorReleased("m1"), site.read("alice", "m2-in", WED_10)).decision().sentence())
                .isEqualTo("Denied: Mantrap inner stays locked while Mantrap outer of its mantrap is released");
    }
}
