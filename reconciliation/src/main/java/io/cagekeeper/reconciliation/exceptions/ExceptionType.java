package io.cagekeeper.reconciliation.exceptions;

/**
 * The exception types of docs/reconciliation.md, with their severity. Stored in reports and
 * dispositions as text: add, never rename.
 */
public enum ExceptionType {
    UNAUTHORIZED_ENTRY(Severity.HIGH),
    RETROACTIVE_APPROVAL(Severity.MEDIUM),
    OUT_OF_WINDOW(Severity.MEDIUM),
    ZONE_SCOPE(Severity.HIGH),
    TERMINATED_USE(Severity.HIGH),
    REVOCATION_LATENCY(Severity.MEDIUM),
    ORPHAN_CREDENTIAL(Severity.MEDIUM),
    DORMANT_GRANT(Severity.LOW),
    UNUSED_VISIT(Severity.LOW),
    UNESCORTED_VISITOR(Severity.HIGH),
    VISITOR_BADGE_LIVE(Severity.MEDIUM),
    VISITOR_LOG_INCOMPLETE(Severity.LOW),
    DOOR_FORCED(Severity.HIGH),
    DOOR_HELD(Severity.LOW),
    ANTIPASSBACK(Severity.MEDIUM),
    DENIED_BURST(Severity.MEDIUM),
    OFF_HOURS(Severity.LOW),
    TWO_PERSON_VIOLATION(Severity.HIGH),
    LOG_GAP(Severity.HIGH),
    CLOCK_DRIFT(Severity.MEDIUM),
    ACL_CHANGE_WITHOUT_APPROVAL(Severity.HIGH),
    RESURRECTED_CREDENTIAL(Severity.HIGH),
    TAILGATE_SUSPECTED(Severity.MEDIUM),
    LATE_EVENT(Severity.MEDIUM),
    POLICY_DRIFT(Severity.HIGH);

    /** How urgently an auditor should look. */
    public enum Severity { HIGH, MEDIUM, LOW }

    private final Severity severity;

    ExceptionType(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
