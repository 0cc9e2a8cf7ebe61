/** Policy lint: conflicting, shadowed and dead policy, reported as {@link io.cagekeeper.policy.lint.LintFinding}s. */
package io.cagekeeper.policy.lint;
