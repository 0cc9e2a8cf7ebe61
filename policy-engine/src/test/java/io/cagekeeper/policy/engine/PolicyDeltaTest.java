package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Zone;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a policy delta means (PolicyDelta.applyTo), and that a patched snapshot is the one compiled from it. */
class PolicyDeltaTest {

    private final PolicyData data = RichPolicy.generate(200, 7).data;

    @Test
    void aDeltaPutsAndRemovesRowsByIdAndKeepsTheStoresOrder() {
        Credential c = data.credentials().get(3);
        Person p = data.persons().get(5);
        Grant g = data.grants().get(0);
        Map<String, Credential> creds = new HashMap<>();
        creds.put(c.id(), new Credential(c.id(), c.card(), c.personId(), CredentialStatus.REVOKED, c.validFrom(), c.validUntil(),
                Instant.parse("2026-12-01T10:00:00Z"), "user:7", c.pinHash()));
        Map<String, Person> persons = new HashMap<>();
        persons.put(p.id(), null);
        persons.put("p-zzz-new", new Person("p-zzz-new", "New Person", p.type(), null));
        Map<String, Grant> grants = new HashMap<>();
        grants.put(g.id(), null);
        PolicyData after = new PolicyDelta(2, persons, creds, grants, null).applyTo(data);

        assertThat(after.credentials()).hasSameSizeAs(data.credentials());
        assertThat(after.credentials().stream().filter(x -> x.id().equals(c.id())).findFirst().orElseThrow().status())
                .isEqualTo(CredentialStatus.REVOKED);
        assertThat(after.persons()).hasSize(data.persons().size()).noneMatch(x -> x.id().equals(p.id()));
        assertThat(after.persons().stream().map(Person::id).toList()).isSorted();
        assertThat(after.grants()).hasSize(data.grants().size() - 1);
        assertThat(after.zones()).isEqualTo(data.zones());
    }

    @Test
    void aPatchedSnapshotIsTheSnapshotCompiledFromTheAppliedDelta() {
        PolicySnapshot base = PolicySnapshot.compile(1, data);
        Credential c = data.credentials().get(0);
        PolicyDelta delta = new PolicyDelta(2, Map.of(), Map.of(c.id(), new Credential(c.id(), c.card(), c.personId(),
                CredentialStatus.SUSPENDED, c.validFrom(), c.validUntil(), null, null, c.pinHash())), Map.of(), null);
        PolicySnapshot patched = base.patch(delta);
        PolicySnapshot compiled = PolicySnapshot.compile(2, delta.applyTo(data));
        assertThat(patched.version()).isEqualTo(2);
        assertThat(patched.contentHash()).isEqualTo(compiled.contentHash()).isNotEqualTo(base.contentHash());
        assertThat(patched.data()).isEqualTo(compiled.data());
        assertThat(patched.credential(c.card()).status()).isEqualTo(CredentialStatus.SUSPENDED);
        assertThat(base.credential(c.card()).status()).as("the old snapshot is untouched").isEqualTo(c.status());
    }

    @Test
    void aDeltaMustFollowTheSnapshotAndFileRowsUnderTheirOwnIds() {
        PolicySnapshot base = PolicySnapshot.compile(5, data);
        assertThatThrownBy(() -> base.patch(new PolicyDelta(5, Map.of(), Map.of(), Map.of(), null)))
                .isInstanceOf(IllegalArgumentException.class);
        Person p = data.persons().get(0);
        assertThatThrownBy(() -> new PolicyDelta(6, Map.of("someone-else", p), Map.of(), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filed under");
    }

    @Test
    void aDeltaIsEmptyOnlyWhenItTouchesNoRowAndNoSmallPart() {
        Person p = data.persons().get(0);
        Credential c = data.credentials().get(0);
        Grant g = data.grants().get(0);
        PolicyDelta.SmallParts small = PolicyDelta.SmallParts.of(data);
        assertThat(new PolicyDelta(2, Map.of(), Map.of(), Map.of(), null).isEmpty()).isTrue();
        assertThat(new PolicyDelta(2, Map.of(), Map.of(), Map.of(), null).size()).isZero();
        assertThat(new PolicyDelta(2, Map.of(p.id(), p), Map.of(), Map.of(), null).isEmpty()).isFalse();
        assertThat(new PolicyDelta(2, Map.of(), Map.of(c.id(), c), Map.of(), null).isEmpty()).isFalse();
        assertThat(new PolicyDelta(2, Map.of(), Map.of(), Map.of(g.id(), g), null).isEmpty()).isFalse();
        assertThat(new PolicyDelta(2, Map.of(), Map.of(), Map.of(), small).isEmpty()).isFalse();
    }

    @Test
    void aDeltasSizeCountsEveryRowItTouchesAndTheSmallPartsAsOne() {
        Map<String, Person> persons = new HashMap<>();
        persons.put(data.persons().get(0).id(), null);
        persons.put(data.persons().get(1).id(), data.persons().get(1));
        Map<String, Credential> creds = Map.of(data.credentials().get(0).id(), data.credentials().get(0),
                data.credentials().get(1).id(), data.credentials().get(1), data.credentials().get(2).id(), data.credentials().get(2));
        Map<String, Grant> grants = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            grants.put(data.grants().get(i).id(), null);
        }
        assertThat(new PolicyDelta(2, persons, creds, grants, null).size()).isEqualTo(10);
        assertThat(new PolicyDelta(2, persons, creds, grants, PolicyDelta.SmallParts.of(data)).size()).isEqualTo(11);
    }

    @Test
    void everyKindOfRowMustBeFiledUnderItsOwnIdButARemovalNeedsNoRow() {
        Credential c = data.credentials().get(0);
        Grant g = data.grants().get(0);
        assertThatThrownBy(() -> new PolicyDelta(2, Map.of(), Map.of("c-other", c), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("credential " + c.id() + " filed under id c-other");
        assertThatThrownBy(() -> new PolicyDelta(2, Map.of(), Map.of(), Map.of("g-other", g), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("grant " + g.id() + " filed under id g-other");
        Map<String, Person> persons = new HashMap<>();
        persons.put("p-gone", null);
        Map<String, Credential> creds = new HashMap<>();
        creds.put("c-gone", null);
        Map<String, Grant> grants = new HashMap<>();
        grants.put("g-gone", null);
        PolicyDelta removals = new PolicyDelta(2, persons, creds, grants, null);
        assertThat(removals.persons()).containsEntry("p-gone", null);
        assertThat(removals.credentials()).containsEntry("c-gone", null);
        assertThat(removals.grants()).containsEntry("g-gone", null);
    }

    @Test
    void aDeltaKeepsItsOwnSortedCopyOfWhatItWasGiven() {
        Map<String, Person> persons = new HashMap<>();
        for (Person p : data.persons().subList(0, 20)) {
            persons.put(p.id(), p);
        }
        PolicyDelta d = new PolicyDelta(2, persons, Map.of(), Map.of(), null);
        persons.clear();
        assertThat(d.persons()).hasSize(20);
        assertThat(new ArrayList<>(d.persons().keySet())).isSorted();
        assertThatThrownBy(() -> d.persons().put("p-x", null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.credentials().put("c-x", null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.grants().put("g-x", null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDeltaWithNewSmallPartsReplacesThemWholeAndLeavesTheBulkyRowsAsTheyWere() {
        Site site = new Site(data.site().id(), "Renamed site", ZoneId.of("Asia/Tokyo"));
        List<Zone> zones = new ArrayList<>(data.zones());
        zones.add(new Zone("z-new", "New zone", null));
        PolicyDelta.SmallParts small = new PolicyDelta.SmallParts(site, zones, data.doors(), data.readers(), data.schedules(),
                data.accessLevels(), data.rules());
        zones.clear();
        PolicyData after = new PolicyDelta(2, Map.of(), Map.of(), Map.of(), small).applyTo(data);
        assertThat(after.site()).isEqualTo(site);
        assertThat(after.zones()).hasSize(data.zones().size() + 1);
        assertThat(after.persons()).as("rows no change touched are the same list, not a copy of a million rows")
                .isSameAs(data.persons());
        assertThat(after.credentials()).isSameAs(data.credentials());
        assertThat(after.grants()).isSameAs(data.grants());
        assertThatThrownBy(() -> new PolicyDelta.SmallParts(null, data.zones(), data.doors(), data.readers(), data.schedules(),
                data.accessLevels(), data.rules())).isInstanceOf(NullPointerException.class).hasMessage("site");
        assertThatThrownBy(() -> new PolicyDelta.SmallParts(site, data.zones(), data.doors(), data.readers(), data.schedules(),
                data.accessLevels(), null)).isInstanceOf(NullPointerException.class).hasMessage("rules");
    }

    @Test
    void anEmptyDeltaLeavesThePolicyAsItWas() {
        PolicyData after = new PolicyDelta(2, Map.of(), Map.of(), Map.of(), null).applyTo(data);
        assertThat(after).isEqualTo(data);
        assertThat(after.zones()).isSameAs(data.zones());
        assertThat(after.site()).isSameAs(data.site());
    }
}
