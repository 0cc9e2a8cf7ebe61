package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.model.CredentialStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which status changes of a badge make sense, in one place (docs/api.md draws the same table).
 * Only ACTIVE opens a door, so every way out of ACTIVE is a plain facilities action, while every way
 * back to ACTIVE is a reinstatement that a second person approves ({@link #reinstatable}): a badge
 * suspended, lost, stolen, expired or revoked by mistake, or by an insider, cannot be brought back by
 * the same hand. A badge only gets worse otherwise: a LOST badge may be found STOLEN, never SUSPENDED;
 * REVOKED is final except for an approved reinstatement. A change to the status a badge already has is
 * refused, so every row of {@code credential_status_changes} is a real change.
 */
public final class CredentialLifecycle {

    private static final Map<CredentialStatus, Set<CredentialStatus>> NEXT = Map.of(
            CredentialStatus.ACTIVE, EnumSet.of(CredentialStatus.SUSPENDED, CredentialStatus.LOST, CredentialStatus.STOLEN,
                    CredentialStatus.REVOKED, CredentialStatus.EXPIRED),
            CredentialStatus.SUSPENDED, EnumSet.of(CredentialStatus.LOST, CredentialStatus.STOLEN, CredentialStatus.REVOKED,
                    CredentialStatus.EXPIRED),
            CredentialStatus.LOST, EnumSet.of(CredentialStatus.STOLEN, CredentialStatus.REVOKED, CredentialStatus.EXPIRED),
            CredentialStatus.STOLEN, EnumSet.of(CredentialStatus.REVOKED, CredentialStatus.EXPIRED),
            CredentialStatus.EXPIRED, EnumSet.of(CredentialStatus.LOST, CredentialStatus.STOLEN, CredentialStatus.REVOKED),
            CredentialStatus.REVOKED, EnumSet.noneOf(CredentialStatus.class));

    private CredentialLifecycle() {
    }

    /** True when a facilities action may move a badge from {@code from} to {@code to} directly (never to ACTIVE). */
    public static boolean allowed(CredentialStatus from, CredentialStatus to) {
        return NEXT.get(from).contains(to);
    }

    /** True when a reinstatement (to ACTIVE, after a second person's approval) may be requested from {@code from}. */
    public static boolean reinstatable(CredentialStatus from) {
        return from != CredentialStatus.ACTIVE;
    }

    /** Why {@code from → to} is refused, for the 409 answer; null when it is allowed. */
    public static String refusal(CredentialStatus from, CredentialStatus to) {
        if (from == to) {
            return "the credential is already " + from;
        }
        if (to == CredentialStatus.ACTIVE) {
            return "a credential becomes ACTIVE again only through an approved reinstatement";
        }
        if (!allowed(from, to)) {
            return from == CredentialStatus.REVOKED
                    ? "a REVOKED credential stays revoked (only an approved reinstatement brings it back)"
                    : "a " + from + " credential cannot become " + to;
        }
        return null;
    }
}
