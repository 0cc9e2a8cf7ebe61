package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyDelta;
import java.time.Instant;
import java.util.HashMap;
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
}
