package io.cagekeeper.reconciliation.report;

import java.util.Set;

/**
 * A reviewer's triage of one exception, carried from report to report by the exception's stable id.
 *
 * @param value TRUE_POSITIVE, FALSE_POSITIVE or ACCEPTED_RISK
 * @param at    when it was given, as the reviewer's file writes it (ISO-8601)
 */
public record Disposition(String exceptionId, String value, String reviewer, String comment, String at) {

    public static final Set<String> VALUES = Set.of("TRUE_POSITIVE", "FALSE_POSITIVE", "ACCEPTED_RISK");
}
