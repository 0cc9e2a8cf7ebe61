package io.cagekeeper.policy.model;

/** Site-wide threat level, set by operators; restricts who may enter (see {@link ThreatRule}). */
public enum ThreatLevel {
    NORMAL, ELEVATED, LOCKDOWN
}
