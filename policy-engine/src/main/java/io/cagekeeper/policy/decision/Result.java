package io.cagekeeper.policy.decision;

/** What the door does: GRANT releases it, DENY keeps it locked, PENDING waits (escort, second person, PIN). */
public enum Result {
    GRANT, DENY, PENDING
}
