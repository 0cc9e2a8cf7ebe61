package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layout promises of {@link Rows}: slots are stable and freed ones reused, a person's grant range
 * is rewritten in place when the new list fits and appended otherwise (the slots left behind counted),
 * and equal values of different rows are stored once.
 */
class RowsLayoutTest {

    private static final String[] LEVELS = {"all", "office"};
    private static final Map<String, Integer> LEVEL_INDEX = Map.of("all", 0, "office", 1);

    private final PolicyData data = new TestSite().data();   // alice, bob, carl, vera; one badge each; grants of alice, bob, carl

    private Rows compile(PolicyData d) {
        return Rows.compile(d.persons(), d.credentials(), d.grants(), LEVELS, LEVEL_INDEX, Set.of());
    }

    private static Rows patch(Rows r, Map<String, Person> persons, Map<String, Credential> creds, Map<String, Grant> grants) {
        return r.patch(new PolicyDelta(2, persons, creds, grants, null), LEVELS, LEVEL_INDEX, Set.of(), Set.of());
    }

    private static Map<String, Grant> grant(String id, Grant g) {
        Map<String, Grant> m = new HashMap<>();
        m.put(id, g);
        return m;
    }

    @Test
    void aGrantListThatKeepsItsLengthIsRewrittenInPlace() {
        Rows r = compile(data);
        int start = r.grantStart.get(r.holderIndex.get("alice"));
        Rows p = patch(r, Map.of(), Map.of(), grant("g-alice", new Grant("g-alice", "alice", "office", EPOCH, null, "m2")));
        assertThat(p.slotCount).isEqualTo(r.slotCount);
        assertThat(p.garbageSlots).isZero();
        assertThat(p.grantStart.get(p.holderIndex.get("alice"))).isEqualTo(start);
        assertThat(p.grantById("g-alice").accessLevelId()).isEqualTo("office");
        assertThat(r.grantById("g-alice").accessLevelId()).as("the rows patched from are unchanged").isEqualTo("all");
    }

    @Test
    void aGrantListThatShrinksStaysInPlaceAndCountsTheSlotLeftBehind() {
        Rows r = compile(data);
        Rows p = patch(r, Map.of(), Map.of(), grant("g-bob", null));
        assertThat(p.slotCount).isEqualTo(r.slotCount);
        assertThat(p.garbageSlots).isEqualTo(1);
        assertThat(p.grantCount).isEqualTo(2);
        assertThat(p.grantList()).extracting(Grant::id).containsExactly("g-alice", "g-carl");
        assertThat(p.grantById("g-bob")).isNull();
    }

    @Test
    void aGrantListThatGrowsIsAppendedAndItsOldRangeCounted() {
        Rows r = compile(data);
        Rows p = patch(r, Map.of(), Map.of(), grant("g-alice-2", new Grant("g-alice-2", "alice", "office", EPOCH, null, "m")));
        int alice = p.holderIndex.get("alice");
        assertThat(p.grantStart.get(alice)).isEqualTo(r.slotCount);
        assertThat(p.grantEnd.get(alice)).isEqualTo(r.slotCount + 2);
        assertThat(p.slotCount).isEqualTo(r.slotCount + 2);
        assertThat(p.garbageSlots).isEqualTo(1);
        assertThat(p.grantCount).isEqualTo(4);
        assertThat(p.grantList()).extracting(Grant::id).containsExactly("g-alice", "g-alice-2", "g-bob", "g-carl");
        assertThat(p.grantById("g-alice").accessLevelId()).as("the kept grant is found at its new slot").isEqualTo("all");
        assertThat(p.grantById("g-alice-2").approvedBy()).isEqualTo("m");

        Rows q = patch(r, Map.of(), Map.of(), grant("g-bob-2", new Grant("g-bob-2", "bob", "office", EPOCH, null, "m")));
        assertThat(r.grantStart.get(r.holderIndex.get("bob"))).as("bob's range does not start at 0").isEqualTo(1);
        assertThat(q.garbageSlots).as("only bob's one old slot is left behind").isEqualTo(1);
        assertThat(q.grantStart.get(q.holderIndex.get("bob"))).isEqualTo(r.slotCount);
    }

    @Test
    void aHolderLeftWithNothingIsFreedAndItsSlotGoesToTheNextNewPerson() {
        Rows r = compile(data);
        Map<String, Person> gone = new HashMap<>();
        gone.put("vera", null);
        Map<String, Credential> badge = new HashMap<>();
        badge.put("c-vera", null);
        Rows without = patch(r, gone, badge, Map.of());
        assertThat(without.holderIndex.get("vera")).isEqualTo(-1);
        assertThat(without.holderIds.get(r.holderIndex.get("vera"))).as("a freed holder slot names no one").isNull();
        assertThat(without.personCount).isEqualTo(3);
        assertThat(without.credentialCount).isEqualTo(3);
        Rows with = patch(without, Map.of("zed", new Person("zed", "Zed", PersonType.EMPLOYEE, null)),
                Map.of("c-zed", new Credential("c-zed", CardNumber.h10301(18, 900), "zed", CredentialStatus.ACTIVE, EPOCH, null, null,
                        null, null)), Map.of());
        assertThat(with.holderCount).as("vera's holder slot reused").isEqualTo(r.holderCount);
        assertThat(with.credCount).as("vera's badge slot reused").isEqualTo(r.credCount);
        assertThat(with.holderIndex.get("zed")).isEqualTo(r.holderIndex.get("vera"));
        assertThat(with.personById("zed").name()).isEqualTo("Zed");
        assertThat(with.credentialById("c-zed").personId()).isEqualTo("zed");
        assertThat(with.personCount).isEqualTo(4);
        assertThat(with.credentialCount).isEqualTo(4);
        Rows more = patch(with, Map.of("yan", new Person("yan", "Yan", PersonType.EMPLOYEE, null)), Map.of(), Map.of());
        assertThat(more.holderCount).as("no free slot left: a new one").isEqualTo(r.holderCount + 1);
    }

    @Test
    void aRemovedPersonWhoseBadgeOrGrantRemainsKeepsTheirHolder() {
        Rows r = compile(data);
        Map<String, Person> gone = new HashMap<>();
        gone.put("alice", null);
        gone.put("vera", null);
        Rows p = patch(r, gone, Map.of(), Map.of());
        assertThat(p.holderIndex.get("alice")).isEqualTo(r.holderIndex.get("alice"));
        assertThat(p.holderIndex.get("vera")).as("her badge is still there").isEqualTo(r.holderIndex.get("vera"));
        assertThat(p.personById("alice")).isNull();
        assertThat(p.personCount).isEqualTo(2);
        assertThat(p.grantById("g-alice").personId()).isEqualTo("alice");
        Map<String, Person> again = new HashMap<>();
        again.put("alice", null);
        assertThat(patch(p, again, Map.of(), Map.of()).personCount).as("removing a person twice counts once").isEqualTo(2);
        assertThat(patch(p, Map.of("alice", data.persons().get(0)), Map.of(), Map.of()).personCount).isEqualTo(3);
        assertThat(patch(r, Map.of("alice", data.persons().get(0)), Map.of(), Map.of()).personCount)
                .as("replacing a person counts once").isEqualTo(4);
        Map<String, Person> aliceGone = new HashMap<>();
        aliceGone.put("alice", null);
        Rows badgeOnly = patch(r, aliceGone, Map.of(), grant("g-alice", null));
        assertThat(badgeOnly.holderIndex.get("alice")).as("her badge, in the first slot, remains").isEqualTo(r.holderIndex.get("alice"));
        assertThat(badgeOnly.credentialById("c-alice").personId()).isEqualTo("alice");
    }

    @Test
    void aBadgeRemovedAndAnotherAddedReusesItsSlotAndNoOtherMoves() {
        Rows r = compile(data);
        Map<String, Credential> creds = new HashMap<>();
        creds.put("c-bob", null);
        Rows p = patch(r, Map.of(), creds, Map.of());
        Rows q = patch(p, Map.of(), Map.of("c-new", new Credential("c-new", CardNumber.h10301(18, 901), "alice",
                CredentialStatus.ACTIVE, EPOCH, null, null, null, null)), Map.of());
        assertThat(q.credCount).isEqualTo(r.credCount);
        assertThat(q.credentialList()).extracting(Credential::id).containsExactly("c-alice", "c-carl", "c-new", "c-vera");
        Rows two = patch(q, Map.of(), Map.of("c-new2", new Credential("c-new2", CardNumber.h10301(18, 902), "alice",
                CredentialStatus.ACTIVE, EPOCH, null, null, null, null)), Map.of());
        assertThat(two.credCount).isEqualTo(r.credCount + 1);
        assertThat(two.credentialById("c-alice")).isEqualTo(r.credentialById("c-alice"));
    }

    @Test
    void equalValuesOfDifferentRowsAreStoredOnce() {
        Instant t1 = Instant.parse("2027-01-01T00:00:00Z");
        Instant t2 = Instant.parse("2027-01-01T00:00:00Z");
        Instant u1 = Instant.parse("2028-01-01T00:00:00Z");
        Instant u2 = Instant.parse("2028-01-01T00:00:00Z");
        Instant c1 = Instant.parse("2026-06-01T00:00:00Z");
        Instant c2 = Instant.parse("2026-06-01T00:00:00Z");
        String by1 = new String("facilities");
        String by2 = new String("facilities");
        String owner = new String("alice");
        assertThat(t1).isNotSameAs(t2);
        List<Person> persons = List.of(new Person("alice", "Alice", PersonType.EMPLOYEE, t1), new Person("bob", "Bob", PersonType.EMPLOYEE, t2));
        List<Credential> creds = List.of(
                new Credential("c1", CardNumber.h10301(1, 1), "alice", CredentialStatus.LOST, t1, u1, c1, by1, null),
                new Credential("c2", CardNumber.h10301(1, 2), "bob", CredentialStatus.LOST, t2, u2, c2, by2, null),
                new Credential("c3", CardNumber.h10301(1, 3), owner, CredentialStatus.ACTIVE, t1, null, null, null, null),
                new Credential("c4", CardNumber.h10301(1, 4), "bob", CredentialStatus.ACTIVE, t2, null, null, null, null),
                new Credential("c5", CardNumber.h10301(1, 5), "bob", CredentialStatus.ACTIVE, t1, u2, null, null, null),
                new Credential("c6", CardNumber.h10301(1, 6), "bob", CredentialStatus.LOST, t1, null, c2, null, null),
                new Credential("c7", CardNumber.h10301(1, 7), "bob", CredentialStatus.LOST, t1, null, null, by2, null));
        List<Grant> grants = List.of(new Grant("g1", "alice", "all", t1, u1, "m"), new Grant("g2", "bob", "all", t2, u2, "m"));
        Rows r = Rows.compile(persons, creds, grants, LEVELS, LEVEL_INDEX, Set.of());
        Instant t = r.personById("alice").terminatedAt();
        assertThat(r.personById("bob").terminatedAt()).isSameAs(t);
        assertThat(r.credentialById("c2").validFrom()).isSameAs(t);
        assertThat(r.credentialById("c4").validFrom()).isSameAs(t);
        assertThat(r.credentialById("c2").validUntil()).isSameAs(r.credentialById("c1").validUntil());
        assertThat(r.credentialById("c5").validUntil()).isSameAs(r.credentialById("c1").validUntil());
        assertThat(r.credentialById("c2").statusChangedAt()).isSameAs(r.credentialById("c1").statusChangedAt());
        assertThat(r.credentialById("c6").statusChangedAt()).isSameAs(r.credentialById("c1").statusChangedAt());
        assertThat(r.credentialById("c2").statusChangedBy()).isSameAs(r.credentialById("c1").statusChangedBy());
        assertThat(r.credentialById("c7").statusChangedBy()).isSameAs(r.credentialById("c1").statusChangedBy());
        assertThat(r.credentialById("c3").personId()).as("the owner's id, not a copy").isSameAs(r.holderIds.get(r.holderIndex.get("alice")));
        assertThat(r.grantById("g2").validFrom()).isSameAs(t);
        assertThat(r.grantById("g2").validUntil()).isSameAs(r.credentialById("c1").validUntil());
        assertThat(r.credentialList()).isEqualTo(creds);
        assertThat(r.personList()).isEqualTo(persons);
        assertThat(r.grantList()).isEqualTo(grants);
    }

    @Test
    void approversAreNumberedOnceAndNewOnesAddedByAPatch() {
        Rows r = compile(data);
        assertThat(r.approvers).containsExactly("manager");
        Rows p = patch(r, Map.of(), Map.of(), Map.of("g-new", new Grant("g-new", "vera", "all", EPOCH, null, "ops"),
                "g-new2", new Grant("g-new2", "vera", "all", EPOCH, null, "manager")));
        assertThat(p.approvers).containsExactly("manager", "ops");
        assertThat(p.grantById("g-new").approvedBy()).isEqualTo("ops");
        assertThat(p.grantById("g-new2").approvedBy()).isEqualTo("manager");
        assertThat(p.grantById("g-alice").approvedBy()).isEqualTo("manager");
        assertThat(r.approvers).as("the rows patched from keep theirs").containsExactly("manager");
    }

    /** Sharing equal values must not cost a copy of the rows that already hold the shared ones: they are kept as they came. */
    @Test
    void aRowWhoseValuesAreTheSharedOnesAlreadyIsKeptAsItCameNotRebuilt() {
        Rows r = compile(data);
        for (Person p : data.persons()) {
            assertThat(r.personById(p.id())).as(p.id()).isSameAs(p);
        }
        Credential first = data.credentials().get(0);
        assertThat(r.credentialById(first.id())).isSameAs(first);
    }
}
