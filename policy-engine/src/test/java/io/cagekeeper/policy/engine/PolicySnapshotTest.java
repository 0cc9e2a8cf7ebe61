package io.cagekeeper.policy.engine;

import static io.cagekeeper.policy.TestSite.WED_10;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Visit;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySnapshotTest {

    private final TestSite site = new TestSite();

    @Test
    void equalDataHasAnEqualContentHashAndAnyChangeChangesIt() {
        String h = site.snapshot().contentHash();
        assertThat(new TestSite().snapshot().contentHash()).isEqualTo(h).matches("v3:[0-9a-f]{64}");
        site.grants.add(new Grant("g-x", "carl", "all", TestSite.EPOCH, null, "manager"));
        assertThat(site.snapshot().contentHash()).isNotEqualTo(h);
        TestSite other = new TestSite();
        other.visits.add(new Visit("v", "vera", "hall", WED_10, WED_10.plusSeconds(1), "bob", "r"));
        assertThat(other.snapshot().contentHash()).as("rules are hashed too").isNotEqualTo(h);
    }

    @Test
    void aPinChangeChangesTheContentHash() {
        String h = site.snapshot().contentHash();
        site.replaceCredential("bob", new Credential("c-bob", site.cardOf("bob"), "bob", CredentialStatus.ACTIVE,
                TestSite.EPOCH, null, null, null, "$argon2id$x"));
        assertThat(site.snapshot().contentHash()).isNotEqualTo(h);
    }

    @Test
    void rebuildsDataEqualToWhatItCompiled() {
        PolicyData data = site.data();
        assertThat(PolicySnapshot.compile(7, data).data()).isEqualTo(data);
    }

    @Test
    void looksUpByIdAndCard() {
        PolicySnapshot s = site.snapshot();
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.reader("a-in").doorId()).isEqualTo("a");
        assertThat(s.door("a").toZone()).isEqualTo("cage-a");
        assertThat(s.person("bob").name()).isEqualTo("Bob");
        assertThat(s.person("nobody")).isNull();
        assertThat(s.credential(CardNumber.h10301(18, 101)).personId()).isEqualTo("bob");
        assertThat(s.credential(CardNumber.h10301(18, 999))).isNull();
        assertThat(s.zoneWithin("cage-a", "site")).isTrue();
        assertThat(s.zoneWithin("hall", "cage-a")).isFalse();
    }

    @Test
    void refusesACardOnTwoCredentials() {
        site.credentials.add(new Credential("c-dup", site.cardOf("bob"), "alice", CredentialStatus.ACTIVE,
                TestSite.EPOCH, null, null, null, null));
        assertThatThrownBy(site::snapshot).hasMessageContaining("is on two credentials");
    }

    @Test
    void refusesAGrantOfAnUnknownLevelAndAReaderOfAnUnknownDoor() {
        site.grants.add(new Grant("g-x", "carl", "nope", TestSite.EPOCH, null, "m"));
        assertThatThrownBy(site::snapshot).hasMessageContaining("unknown access level nope");
    }

    @Test
    void theOriginalNineComponentPolicyDataStillWorks() {
        PolicyData full = site.data();
        PolicyData legacy = new PolicyData(full.site(), full.zones(), full.doors(), full.readers(), full.persons(),
                full.credentials(), full.schedules(), full.accessLevels(), full.grants());
        assertThat(legacy.rules().escortWindowSeconds()).isEqualTo(10);
        assertThat(new PolicyEngine().decide(PolicySnapshot.compile(2, legacy), site.read("alice", "a-in", WED_10)).granted()).isTrue();
        assertThat(List.of(legacy.rules().pinMaxFailures())).containsExactly(3);
    }
}
