package io.cagekeeper.gateway.audit;

import io.cagekeeper.gateway.db.Keyset;
import java.time.Instant;

/**
 * What an auditor asks of the audit trail; every filter optional (null: any). Rows are ordered by (at, id).
 *
 * @param from  at or after (inclusive); {@code to} before (exclusive)
 * @param after the last row of the previous page, or null
 */
public record AuditQuery(Instant from, Instant to, String actor, String resource, String resourceId, String action,
                         String outcome, Keyset after, boolean oldestFirst, int limit) {

    /** The keyset listing name of the audit trail's cursors. */
    public static final String LISTING = "audit";
}
