package io.cagekeeper.gateway.policy;

import static io.cagekeeper.policy.model.CredentialStatus.ACTIVE;
import static io.cagekeeper.policy.model.CredentialStatus.EXPIRED;
import static io.cagekeeper.policy.model.CredentialStatus.LOST;
import static io.cagekeeper.policy.model.CredentialStatus.REVOKED;
import static io.cagekeeper.policy.model.CredentialStatus.STOLEN;
import static io.cagekeeper.policy.model.CredentialStatus.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.model.CredentialStatus;
import org.junit.jupiter.api.Test;

class CredentialLifecycleTest {

    @Test
    void anActiveBadgeMayBecomeAnythingButActive() {
        for (CredentialStatus to : CredentialStatus.values()) {
            assertThat(CredentialLifecycle.allowed(ACTIVE, to)).as("ACTIVE → " + to).isEqualTo(to != ACTIVE);
        }
    }

    @Test
    void nothingReturnsToActiveWithoutAReinstatement() {
        for (CredentialStatus from : CredentialStatus.values()) {
            assertThat(CredentialLifecycle.allowed(from, ACTIVE)).as(from + " → ACTIVE").isFalse();
            assertThat(CredentialLifecycle.refusal(from, ACTIVE)).isNotNull();
            assertThat(CredentialLifecycle.reinstatable(from)).as("reinstatable from " + from).isEqualTo(from != ACTIVE);
        }
    }

    @Test
    void aRevokedBadgeIsFinal() {
        for (CredentialStatus to : CredentialStatus.values()) {
            assertThat(CredentialLifecycle.allowed(REVOKED, to)).isFalse();
        }
        assertThat(CredentialLifecycle.refusal(REVOKED, SUSPENDED)).contains("stays revoked");
    }

    @Test
    void aBadgeOnlyGetsWorse() {
        assertThat(CredentialLifecycle.allowed(LOST, SUSPENDED)).isFalse();
        assertThat(CredentialLifecycle.allowed(LOST, STOLEN)).isTrue();
        assertThat(CredentialLifecycle.allowed(STOLEN, LOST)).isFalse();
        assertThat(CredentialLifecycle.allowed(SUSPENDED, REVOKED)).isTrue();
        assertThat(CredentialLifecycle.allowed(EXPIRED, REVOKED)).isTrue();
        assertThat(CredentialLifecycle.allowed(EXPIRED, SUSPENDED)).isFalse();
    }

    @Test
    void theSameStatusAgainIsRefusedSoEveryHistoryRowIsAChange() {
        for (CredentialStatus s : CredentialStatus.values()) {
            assertThat(CredentialLifecycle.refusal(s, s)).as(s.name()).contains("already");
        }
        assertThat(CredentialLifecycle.refusal(ACTIVE, SUSPENDED)).isNull();
    }
}
