package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.EPOCH;
import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.state.EngineState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sizes past what the compact parts of the layout hold: more grants for one person than a card slot
 * counts, access levels numbered past its 16 bits, enough grant slots left behind by patches that the
 * next patch compiles afresh, and enough badges that the content hash is built on another thread.
 * Each decides, and hashes, as the small case does.
 */
class LargeSnapshotTest {

    private final PolicyEngine engine = new PolicyEngine();

    private Decision both(PolicySnapshot s, TestSite site, String person, String reader) {
        Decision fast = engine.decide(s, EngineState.initial(), site.read(person, reader, WED_10), true).decision();
        Decision full = engine.decide(s, EngineState.initial(), site.read(person, reader, WED_10), false).decision();
        assertThat(fast).isEqualTo(full);
        return fast;
    }

    @Test
    void aPersonWithMoreGrantsThanTheCardSlotCountsIsDecidedOnAllOfThem() {
        TestSite site = new TestSite();
        for (int i = 0; i < 70_000; i++) {
            site.grants.add(new Grant(String.format("g-carl-%05d", i), "carl", "office", EPOCH, null, "m"));
        }
        site.grants.add(new Grant("g-carl-zz", "carl", "all", EPOCH, null, "m"));
        PolicyData d = site.data();
        PolicySnapshot s = PolicySnapshot.compile(1, d);
        int card = s.cardSlot(site.cardOf("carl"));
        int person = s.personOfSlot(card);
        assertThat(s.grantSlotsEndOfCard(card) - s.grantSlotsStartOfCard(card)).isEqualTo(70_002);
        assertThat(s.grantSlotsEndOfCard(card)).isEqualTo(s.grantSlotsEnd(person));
        assertThat(s.singleInlinedGrant(card)).isFalse();
        Decision d1 = both(s, site, "carl", "a-in");
        assertThat(d1.granted()).as("only the last of carl's grants opens door a").isTrue();
        assertThat(d1.decidedBy()).isEqualTo("grant:g-carl-zz");
        assertThat(both(s, site, "carl", "hall-in").decidedBy()).isEqualTo("grant:g-carl");
        assertThat(both(s, site, "bob", "a-in").decidedBy()).isEqualTo("grant:g-bob");
    }

    @Test
    void anAccessLevelNumberedPastTheCardSlotsSixteenBitsDecidesByItsOwnDoors() {
        TestSite site = new TestSite();
        for (int i = 0; i < 65_535; i++) {
            site.levels.add(new AccessLevel(String.format("f%05d", i), "Filler", List.of()));
        }
        site.levels.add(new AccessLevel("vault-only", "Vault", List.of(new DoorSchedule("vault", "always"))));
        assertThat(site.levels.size() - 1).as("its index, 1 (office) in 16 bits").isEqualTo(65_537);
        site.persons.add(new Person("dora", "Dora", PersonType.EMPLOYEE, null));
        site.credentials.add(TestSite.credential("dora", 600));
        site.grants.add(new Grant("g-dora", "dora", "vault-only", EPOCH, null, "m"));
        PolicyData d = site.data();
        PolicySnapshot s = PolicySnapshot.compile(1, d);
        int card = s.cardSlot(site.cardOf("dora"));
        assertThat(s.singleInlinedGrant(card)).as("too large a number to inline").isFalse();
        assertThat(s.firstLevelOfCard(card)).isEqualTo(CardTable.NO_LEVEL);
        assertThat(both(s, site, "dora", "vault-in").decidedBy()).isEqualTo("grant:g-dora");
        assertThat(both(s, site, "dora", "hall-in").reasons()).as("office, level 1, opens the hall; hers does not")
                .containsExactly(ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR);
        assertThat(both(s, site, "carl", "hall-in").granted()).isTrue();
    }

    /** 65,536 slots left behind is the floor, not yet over it; one more and the next patch compiles afresh. */
    @Test
    void aPatchCompilesAfreshOnlyOnceMoreGrantSlotsThanTheFloorAreLeftBehind() {
        TestSite site = new TestSite();
        site.grants.remove(2);
        Map<String, Grant> removeAll = new HashMap<>();
        for (int i = 0; i < 65_536; i++) {
            String id = String.format("g-carl-%05d", i);
            site.grants.add(new Grant(id, "carl", "office", EPOCH, null, "m"));
            removeAll.put(id, null);
        }
        PolicyData d0 = site.data();
        PolicySnapshot s0 = PolicySnapshot.compile(1, d0);
        PolicyDelta first = new PolicyDelta(2, Map.of(), Map.of(), removeAll, null);
        PolicySnapshot s1 = s0.patch(first);
        assertThat(s1.patched()).isTrue();
        PolicyData d1 = first.applyTo(d0);
        PolicyDelta second = new PolicyDelta(3, Map.of(), Map.of(), Map.of("g-bob", new Grant("g-bob", "bob", "all", EPOCH, null,
                "other manager")), null);
        PolicySnapshot s2 = s1.patch(second);
        assertThat(s2.patched()).as("65,536 left behind: at the floor, not over it").isTrue();
        PolicyData d2 = second.applyTo(d1);
        Map<String, Grant> dropBob = new HashMap<>();
        dropBob.put("g-bob", null);
        PolicyDelta third = new PolicyDelta(4, Map.of(), Map.of(), dropBob, null);
        PolicySnapshot s3 = s2.patch(third);
        assertThat(s3.patched()).isTrue();
        PolicyData d3 = third.applyTo(d2);
        PolicyDelta fourth = new PolicyDelta(5, Map.of("zed", new Person("zed", "Zed", PersonType.EMPLOYEE, null)), Map.of(), Map.of(),
                null);
        PolicySnapshot s4 = s3.patch(fourth);
        assertThat(s4.patched()).as("65,537 left behind: compiled afresh").isFalse();
        PolicyData d4 = fourth.applyTo(d3);
        assertThat(s4.data()).isEqualTo(d4);
        assertThat(s4.contentHash()).isEqualTo(PolicySnapshot.contentHashOf(d4));
        assertThat(s3.data()).isEqualTo(d3);
        assertThat(s3.contentHash()).isEqualTo(PolicySnapshot.contentHashOf(d3));
        assertThat(both(s3, site, "carl", "hall-in").reasons()).containsExactly(ReasonCode.NO_ACCESS_LEVEL_FOR_DOOR);
        assertThat(both(s3, site, "alice", "a-in").granted()).isTrue();
    }

    @Test
    void aPolicyWithTwentyThousandBadgesHashesBesideItsLayoutToTheSameHash() {
        TestSite site = new TestSite();
        for (int i = 0; i < 10_000; i++) {
            String id = String.format("p%05d", i);
            site.persons.add(new Person(id, "P", PersonType.EMPLOYEE, null));
            site.credentials.add(new Credential("c-" + id, CardNumber.c1000(3, i), id, CredentialStatus.ACTIVE, EPOCH, null, null, null,
                    null));
        }
        PolicyData d = site.data();
        assertThat(d.persons().size() + d.credentials().size()).isGreaterThanOrEqualTo(20_000);
        PolicySnapshot s = PolicySnapshot.compile(1, d);
        assertThat(s.contentHash()).isEqualTo(ContentHash.of(d));
        assertThat(s.data()).isEqualTo(d);
    }
}
