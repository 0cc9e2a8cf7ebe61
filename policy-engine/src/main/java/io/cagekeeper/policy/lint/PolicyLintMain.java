package io.cagekeeper.policy.lint;

/**
 * The lint as a command. The policy engine does no I/O, so this command reads nothing: it lists the
 * checks {@link PolicyLint#lint} runs, with their severities. The gateway's lint command loads the
 * stored policy, calls {@code PolicyLint.lint(data, Instant.now())} and prints the findings; it exits
 * non-zero when any finding is an ERROR.
 *
 * <p>Usage: {@code java -cp policy-engine.jar io.cagekeeper.policy.lint.PolicyLintMain}
 */
public final class PolicyLintMain {

    private PolicyLintMain() {
    }

    public static void main(String[] args) {
        System.out.println("Cagekeeper policy lint checks (API: PolicyLint.lint(PolicyData, Instant) -> List<LintFinding>):");
        for (LintCheck c : LintCheck.values()) {
            System.out.printf("  %-8s %-34s %s%n", c.severity(), c.name(), c.description());
        }
    }
}
