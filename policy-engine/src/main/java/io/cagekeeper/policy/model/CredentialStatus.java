package io.cagekeeper.policy.model;

/** Lifecycle of a badge. Only {@link #ACTIVE} can ever open a door. */
public enum CredentialStatus {
    ACTIVE, SUSPENDED, LOST, STOLEN, REVOKED, EXPIRED
}
