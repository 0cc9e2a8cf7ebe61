package io.cagekeeper.reconciliation.exceptions;

import java.util.List;

/**
 * One exception found. {@code subject} identifies what it is about in a way that is the same on every
 * re-run over the same data (an event id, an approval, a credential, a device and sequence range), so
 * that its id, and the disposition a reviewer gave it, carry over to the next report.
 *
 * @param at     microseconds: when it happened (the event, the end of the window, …)
 * @param person the person concerned, or null
 * @param events the ids of the linked events, ascending
 * @param detail a deterministic sentence for the reviewer
 */
public record Finding(ExceptionType type, String subject, long at, String person, List<Long> events, String detail) {
}
