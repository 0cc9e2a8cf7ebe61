package io.cagekeeper.policy.lint;

/** The checks {@link PolicyLint} runs; the names are stable identifiers for reports and suppressions. */
public enum LintCheck {
    SCHEDULE_NEVER_OPENS(LintFinding.Severity.ERROR, "a grant reaches a door only through a schedule that never opens"),
    GRANT_EXPIRED(LintFinding.Severity.WARNING, "a grant past its validity is still assigned"),
    GRANT_OF_TERMINATED_PERSON(LintFinding.Severity.ERROR, "a terminated person still holds a grant that is or will be valid"),
    CREDENTIAL_OF_TERMINATED_PERSON(LintFinding.Severity.ERROR, "a terminated person still holds an ACTIVE credential"),
    UNKNOWN_REFERENCE(LintFinding.Severity.ERROR, "a grant, credential, access level, door, visit or restriction names something that does not exist"),
    GRANT_SHADOWED(LintFinding.Severity.INFO, "a grant adds nothing: another grant of the same person and level covers its whole window"),
    GRANT_OF_VISITOR(LintFinding.Severity.WARNING, "a visitor holds a grant; visitors pass only through visits, so it is dead"),
    VISIT_WITHOUT_ESCORT(LintFinding.Severity.ERROR, "a visit names no escort; every zone requires one, so it admits nobody"),
    VISIT_ESCORT_UNAUTHORIZED(LintFinding.Severity.ERROR, "a visit's escort cannot enter the visit's zone themselves (no grant, terminated, or a visitor)"),
    VISIT_EXPIRED(LintFinding.Severity.INFO, "a visit whose window has passed"),
    TWO_PERSON_SINGLE_HOLDER(LintFinding.Severity.ERROR, "a door into a two-person zone that fewer than two persons may use: it can never open"),
    RESTRICTION_CONFLICTS_WITH_GRANT(LintFinding.Severity.WARNING, "a restriction denies a door that a grant of the same person opens at the same time"),
    PIN_DOOR_WITHOUT_PIN(LintFinding.Severity.WARNING, "a door requires a PIN at times but a person granted there has no PIN on any active badge"),
    INTERLOCK_GROUP_OF_ONE(LintFinding.Severity.WARNING, "an interlock group with a single door interlocks nothing"),
    ZONE_CYCLE(LintFinding.Severity.ERROR, "zones nest in a cycle");

    private final LintFinding.Severity severity;
    private final String description;

    LintCheck(LintFinding.Severity severity, String description) {
        this.severity = severity;
        this.description = description;
    }

    public LintFinding.Severity severity() {
        return severity;
    }

    public String description() {
        return description;
    }
}
