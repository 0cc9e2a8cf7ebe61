package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Restriction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edge cases of the incremental patch; each result is also checked against the full compile. */
class PolicyPatchTest {

    private final TestSite site = new TestSite();
    private final PolicyData data = site.data();
    private final PolicySnapshot base = PolicySnapshot.compile(1, data);
    private final PolicyEngine engine = new PolicyEngine();

    private static Credential withCard(Credential c, CardNumber card) {
        return new Credential(c.id(), card, c.personId(), c.status(), c.validFrom(), c.validUntil(), c.statusChangedAt(),
                c.statusChangedBy(), c.pinHash());
    }

    private Credential credentialOf(String person) {
        return data.credentials().stream().filter(c -> c.personId().equals(person)).findFirst().orElseThrow();
    }

    private Decision decide(PolicySnapshot s, CardNumber card, String reader) {
        return engine.decide(s, new AccessRequest(reader, new CardRead.Decoded(card), null, null, TestSite.WED_10));
    }

    /** The patch, checked to be the compile of the applied delta in data, hash and the decisions of every card. */
    private PolicySnapshot patchChecked(PolicySnapshot from, PolicyData fromData, PolicyDelta delta) {
        PolicySnapshot patched = from.patch(delta);
        PolicySnapshot compiled = PolicySnapshot.compile(delta.version(), delta.applyTo(fromData));
        assertThat(patched.data()).isEqualTo(compiled.data());
        assertThat(patched.contentHash()).isEqualTo(compiled.contentHash());
        CardSlots.check(patched, delta.applyTo(fromData), TestSite.WED_10.getEpochSecond());
        List<CardNumber> cards = new ArrayList<>(fromData.credentials().stream().map(Credential::card).toList());
        delta.credentials().values().stream().filter(c -> c != null).forEach(c -> cards.add(c.card()));
        for (CardNumber card : cards) {
            for (String reader : List.of("hall-in", "a-in", "vault-in", "hall-out")) {
                assertThat(decide(patched, card, reader)).isEqualTo(decide(compiled, card, reader));
            }
        }
        return patched;
    }

    @Test
    void aCardMovedFromOneCredentialToAnotherInOneDeltaOpensForItsNewHolder() {
        Credential alice = credentialOf("alice");
        Credential carl = credentialOf("carl");
        CardNumber spare = CardNumber.h10301(18, 999);
        Map<String, Credential> creds = Map.of(alice.id(), withCard(alice, spare), carl.id(), withCard(carl, alice.card()));
        PolicySnapshot patched = patchChecked(base, data, new PolicyDelta(2, Map.of(), creds, Map.of(), null));

        assertThat(patched.credential(alice.card()).id()).isEqualTo(carl.id());
        assertThat(patched.credential(spare).id()).isEqualTo(alice.id());
        assertThat(patched.credential(carl.card())).isNull();
        assertThat(decide(patched, alice.card(), "vault-in").result()).as("carl holds only office").isEqualTo(Result.DENY);
        assertThat(decide(base, alice.card(), "vault-in").result()).as("the old snapshot still has alice's card").isEqualTo(Result.GRANT);
    }

    @Test
    void aCardAlreadyOnAnotherCredentialIsRefusedAndTheOldSnapshotIsUnchanged() {
        Credential alice = credentialOf("alice");
        Credential carl = credentialOf("carl");
        PolicyDelta clash = new PolicyDelta(2, Map.of(), Map.of(carl.id(), withCard(carl, alice.card())), Map.of(), null);
        assertThatThrownBy(() -> PolicySnapshot.compile(2, clash.applyTo(data))).isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> base.patch(clash)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is on two credentials");

        assertThat(base.data()).isEqualTo(data);
        assertThat(base.contentHash()).isEqualTo(PolicySnapshot.contentHashOf(data));
        assertThat(base.credential(carl.card()).id()).isEqualTo(carl.id());
        assertThat(decide(base, alice.card(), "vault-in").result()).isEqualTo(Result.GRANT);
        // and the refused attempt left nothing behind for the next, valid, delta
        patchChecked(base, data, new PolicyDelta(2, Map.of(), Map.of(carl.id(), withCard(carl, CardNumber.h10301(18, 777))),
                Map.of(), null));
    }

    @Test
    void removingAPersonWithCredentialsLeavesTheBadgeToNoKnownPersonUntilThePersonReturns() {
        Map<String, Person> gone = new HashMap<>();
        gone.put("alice", null);
        PolicySnapshot without = patchChecked(base, data, new PolicyDelta(2, gone, Map.of(), Map.of(), null));
        CardNumber card = credentialOf("alice").card();

        assertThat(decide(without, card, "hall-in").reasons()).containsExactly(ReasonCode.UNKNOWN_PERSON);
        assertThat(without.person("alice")).isNull();

        PolicyData withoutData = new PolicyDelta(2, gone, Map.of(), Map.of(), null).applyTo(data);
        Person alice = data.persons().get(0);
        PolicySnapshot back = patchChecked(without, withoutData, new PolicyDelta(3, Map.of("alice", alice), Map.of(), Map.of(), null));
        Decision d = decide(back, card, "vault-in");
        assertThat(d.result()).as("her grant waited for her").isEqualTo(Result.GRANT);
        assertThat(d.decidedBy()).isEqualTo("grant:g-alice");
    }

    @Test
    void removingAPersonAndTheirBadgeAndGrantTogetherLeavesNoTrace() {
        Map<String, Person> persons = new HashMap<>();
        persons.put("bob", null);
        Map<String, Credential> creds = new HashMap<>();
        creds.put(credentialOf("bob").id(), null);
        Map<String, Grant> grants = new HashMap<>();
        grants.put("g-bob", null);
        PolicySnapshot patched = patchChecked(base, data, new PolicyDelta(2, persons, creds, grants, null));
        assertThat(patched.credential(credentialOf("bob").card())).isNull();
        assertThat(patched.data().grants()).extracting(Grant::id).containsExactly("g-alice", "g-carl");
    }

    @Test
    void anEmptyDeltaKeepsTheDataAndTheHashUnderTheNewVersion() {
        PolicyDelta empty = new PolicyDelta(2, Map.of(), Map.of(), Map.of(), null);
        assertThat(empty.isEmpty()).isTrue();
        PolicySnapshot patched = patchChecked(base, data, empty);
        assertThat(patched.version()).isEqualTo(2);
        assertThat(patched.data()).isEqualTo(data);
        assertThat(patched.contentHash()).isEqualTo(base.contentHash());
        assertThat(decide(patched, credentialOf("bob").card(), "a-in").snapshotVersion()).isEqualTo(2);
    }

    @Test
    void aGrantNamingAnUnknownAccessLevelIsRefused() {
        Grant g = new Grant("g-new", "carl", "no-such-level", TestSite.EPOCH, null, "manager");
        assertThatThrownBy(() -> base.patch(new PolicyDelta(2, Map.of(), Map.of(), Map.of("g-new", g), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown access level");
        assertThat(base.data()).isEqualTo(data);
    }

    @Test
    void aGrantMovedToAnotherPersonOpensForThemAndNoLongerForTheFirst() {
        Grant moved = new Grant("g-alice", "carl", "all", TestSite.EPOCH, null, "manager-2");
        PolicySnapshot patched = patchChecked(base, data, new PolicyDelta(2, Map.of(), Map.of(), Map.of("g-alice", moved), null));
        assertThat(decide(patched, credentialOf("carl").card(), "vault-in").decidedBy()).isEqualTo("grant:g-alice");
        assertThat(decide(patched, credentialOf("alice").card(), "vault-in").result()).isEqualTo(Result.DENY);
    }

    @Test
    void aNewRestrictionInTheSmallPartsDeniesThatPersonsBadgeAtOnce() {
        PolicyRules r = data.rules();
        PolicyRules restricted = new PolicyRules(r.doorModes(), r.holidayCalendars(), r.scheduleOverrides(), r.zonePolicies(),
                r.visits(), List.of(new Restriction("r1", "bob", null, TestSite.EPOCH, null, "audit", "security")),
                r.threatRules(), r.pinMaxFailures(), r.escortWindowSeconds());
        PolicyDelta.SmallParts small = new PolicyDelta.SmallParts(data.site(), data.zones(), data.doors(), data.readers(),
                data.schedules(), data.accessLevels(), restricted);
        PolicySnapshot patched = patchChecked(base, data, new PolicyDelta(2, Map.of(), Map.of(), Map.of(), small));
        assertThat(patched.patched()).isTrue();
        assertThat(decide(patched, credentialOf("bob").card(), "a-in").result()).isEqualTo(Result.DENY);
        assertThat(decide(base, credentialOf("bob").card(), "a-in").result()).isEqualTo(Result.GRANT);
    }

    @Test
    void accessLevelsRenumberedByTheSmallPartsAreCompiledAfreshWithTheSameResult() {
        List<AccessLevel> levels = new ArrayList<>(data.accessLevels());
        Collections.reverse(levels);
        PolicyDelta.SmallParts small = new PolicyDelta.SmallParts(data.site(), data.zones(), data.doors(), data.readers(),
                data.schedules(), levels, data.rules());
        PolicySnapshot patched = patchChecked(base, data, new PolicyDelta(2, Map.of(), Map.of(), Map.of(), small));
        assertThat(patched.patched()).isFalse();
    }

    @Test
    void aPolicyNotOrderedByIdIsPatchedByCompilingTheAppliedDelta() {
        List<Person> persons = new ArrayList<>(data.persons());
        Collections.reverse(persons);
        PolicyData unordered = new PolicyData(data.site(), data.zones(), data.doors(), data.readers(), persons, data.credentials(),
                data.schedules(), data.accessLevels(), data.grants(), data.rules());
        PolicySnapshot s = PolicySnapshot.compile(1, unordered);
        assertThat(s.data()).isEqualTo(unordered);
        PolicySnapshot patched = patchChecked(s, unordered, new PolicyDelta(2, Map.of("zed",
                new Person("zed", "Zed", io.cagekeeper.policy.model.PersonType.EMPLOYEE, null)), Map.of(), Map.of(), null));
        assertThat(patched.patched()).isFalse();
    }

    /** Alice is the first holder and her badge the first slot: the ends of the ranges the patch walks. */
    @Test
    void aRestrictionLiftedInTheSmallPartsMakesThatBadgePlainlyUsableAgain() {
        PolicyRules r = data.rules();
        PolicyRules restricted = new PolicyRules(r.doorModes(), r.holidayCalendars(), r.scheduleOverrides(), r.zonePolicies(),
                r.visits(), List.of(new Restriction("r1", "alice", "vault", TestSite.EPOCH, null, "audit", "security")),
                r.threatRules(), r.pinMaxFailures(), r.escortWindowSeconds());
        PolicyData restrictedData = data.withRules(restricted);
        PolicySnapshot before = PolicySnapshot.compile(1, restrictedData);
        int alice = before.cardSlot(credentialOf("alice").card());
        long now = TestSite.WED_10.getEpochSecond();
        assertThat(before.plainlyUsable(alice, now)).as("a restriction on record: never the fast path").isFalse();
        PolicyDelta.SmallParts lifted = PolicyDelta.SmallParts.of(data);
        PolicySnapshot after = patchChecked(before, restrictedData, new PolicyDelta(2, Map.of(), Map.of(), Map.of(), lifted));
        assertThat(after.patched()).isTrue();
        assertThat(after.plainlyUsable(after.cardSlot(credentialOf("alice").card()), now)).isTrue();
        assertThat(before.plainlyUsable(alice, now)).as("the snapshot patched from keeps its own").isFalse();
        PolicySnapshot again = patchChecked(after, data, new PolicyDelta(3, Map.of(), Map.of(), Map.of(),
                PolicyDelta.SmallParts.of(restrictedData)));
        assertThat(again.plainlyUsable(again.cardSlot(credentialOf("alice").card()), now)).isFalse();
        assertThat(again.plainlyUsable(again.cardSlot(credentialOf("bob").card()), now)).as("only alice's badge moved").isTrue();
    }

    @Test
    void aBadgeMovedToAnotherPersonTakesTheirGrantsIntoItsCardSlot() {
        Credential vera = credentialOf("vera");
        Credential moved = new Credential(vera.id(), vera.card(), "carl", vera.status(), vera.validFrom(), vera.validUntil(),
                vera.statusChangedAt(), vera.statusChangedBy(), vera.pinHash());
        PolicySnapshot patched = patchChecked(base, data, new PolicyDelta(2, Map.of(), Map.of(vera.id(), moved), Map.of(), null));
        int slot = patched.cardSlot(vera.card());
        assertThat(patched.singleInlinedGrant(slot)).isTrue();
        assertThat(patched.plainlyUsable(slot, TestSite.WED_10.getEpochSecond())).as("carl is no visitor").isTrue();
        assertThat(decide(patched, vera.card(), "hall-in").decidedBy()).isEqualTo("grant:g-carl");
    }

    @Test
    void aPersonTerminatedByADeltaHasEveryBadgeNarrowedToTheTermination() {
        Person alice = data.persons().get(0);
        java.time.Instant at = TestSite.WED_10.plusSeconds(7).plusMillis(300);
        PolicySnapshot patched = patchChecked(base, data, new PolicyDelta(2, Map.of("alice", new Person("alice", alice.name(),
                alice.type(), at)), Map.of(), Map.of(), null));
        int slot = patched.cardSlot(credentialOf("alice").card());
        assertThat(patched.plainlyUsable(slot, at.getEpochSecond() - 1)).isTrue();
        assertThat(patched.plainlyUsable(slot, at.getEpochSecond())).isFalse();
        assertThat(base.plainlyUsable(base.cardSlot(credentialOf("alice").card()), at.getEpochSecond())).isTrue();
    }

    /** Alice's badge leaves slot 0, a new badge of bob's takes it, then bob's own badge leaves: the new one stays his. */
    @Test
    void aBadgeInAReusedSlotStaysOnItsHoldersListWhenAnotherOfTheirsLeaves() {
        Credential alice = credentialOf("alice");
        Credential bob = credentialOf("bob");
        Map<String, Credential> dropAlice = new HashMap<>();
        dropAlice.put(alice.id(), null);
        PolicyDelta d2 = new PolicyDelta(2, Map.of(), dropAlice, Map.of(), null);
        PolicySnapshot s2 = patchChecked(base, data, d2);
        PolicyData data2 = d2.applyTo(data);
        Credential second = new Credential("c-bob-2", CardNumber.h10301(18, 950), "bob", bob.status(), bob.validFrom(), null, null,
                null, null);
        PolicyDelta d3 = new PolicyDelta(3, Map.of(), Map.of(second.id(), second), Map.of(), null);
        PolicySnapshot s3 = patchChecked(s2, data2, d3);
        PolicyData data3 = d3.applyTo(data2);
        assertThat(s3.credentialOfSlot(s3.cardSlot(second.card()))).as("the freed slot reused").isZero();
        Map<String, Credential> dropBob = new HashMap<>();
        dropBob.put(bob.id(), null);
        Person terminated = new Person("bob", "Bob", data.persons().get(1).type(), TestSite.WED_10.minusSeconds(60));
        PolicyDelta d4 = new PolicyDelta(4, Map.of("bob", terminated), dropBob, Map.of(), null);
        PolicySnapshot s4 = patchChecked(s3, data3, d4);
        assertThat(s4.plainlyUsable(s4.cardSlot(second.card()), TestSite.WED_10.getEpochSecond())).isFalse();
        assertThat(decide(s4, second.card(), "a-in").reasons()).containsExactly(ReasonCode.PERSON_TERMINATED);
    }
}
