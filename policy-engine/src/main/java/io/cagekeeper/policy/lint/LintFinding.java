package io.cagekeeper.policy.lint;

import java.util.Objects;

/**
 * One problem found in a policy: which check, about what ({@code grant:g-17}, {@code door:d-3}, ...)
 * and a sentence for the person fixing it.
 */
public record LintFinding(Severity severity, LintCheck check, String subject, String message) {

    public enum Severity {
        ERROR, WARNING, INFO
    }

    public LintFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    static LintFinding of(LintCheck check, String subject, String message) {
        return new LintFinding(check.severity(), check, subject, message);
    }

    @Override
    public String toString() {
        return severity + " " + check + " " + subject + ": " + message;
    }
}
