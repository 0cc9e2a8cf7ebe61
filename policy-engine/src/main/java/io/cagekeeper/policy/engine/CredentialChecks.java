package io.cagekeeper.policy.engine;

import io.cagekeeper.policy.decision.ReasonCode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import java.time.Instant;

/** Badge-level denies: lifecycle status and validity window. Only an ACTIVE, valid badge passes. */
final class CredentialChecks {

    private CredentialChecks() {
    }

    static void check(PolicySnapshot s, Credential c, Instant at, CardNumber card, Judgement j) {
        ReasonCode status = statusReason(c);
        if (status != null) {
            j.deny(status, "credential:" + c.id(), () -> "Denied: credential " + card + " reported " + c.status()
                    + (c.statusChangedAt() == null ? "" : " at " + Sentences.local(s, c.statusChangedAt()))
                    + (c.statusChangedBy() == null ? "" : " by " + c.statusChangedBy()));
        }
        if (!c.validAt(at)) {
            boolean early = at.isBefore(c.validFrom());
            ReasonCode code = early ? ReasonCode.CREDENTIAL_NOT_YET_VALID : ReasonCode.CREDENTIAL_EXPIRED;
            if (!j.contains(code)) {
                j.deny(code, "credential:" + c.id(), () -> early
                        ? "Denied: credential " + card + " is not valid before " + Sentences.local(s, c.validFrom())
                        : "Denied: credential " + card + " expired at " + Sentences.local(s, c.validUntil()));
            }
        }
    }

    static ReasonCode statusReason(Credential c) {
        return switch (c.status()) {
            case ACTIVE -> null;
            case SUSPENDED -> ReasonCode.CREDENTIAL_SUSPENDED;
            case LOST -> ReasonCode.CREDENTIAL_LOST;
            case STOLEN -> ReasonCode.CREDENTIAL_STOLEN;
            case REVOKED -> ReasonCode.CREDENTIAL_REVOKED;
            case EXPIRED -> ReasonCode.CREDENTIAL_EXPIRED;
        };
    }
}
