package io.cagekeeper.reconciliation.exceptions;

import io.cagekeeper.reconciliation.input.CredentialRow;
import io.cagekeeper.reconciliation.input.StatusChangeRow;
import io.cagekeeper.reconciliation.input.Times;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each credential's status over time, from its status changes (sorted by time): what it was at an
 * instant, and when it first stopped being usable after one. A badge with no recorded change has had
 * its current status since it became valid.
 */
public final class StatusHistory {

    private final Map<String, List<StatusChangeRow>> changes = new HashMap<>();

    public StatusHistory(List<StatusChangeRow> rows) {
        for (StatusChangeRow r : rows) {
            changes.computeIfAbsent(r.credential(), k -> new ArrayList<>()).add(r);
        }
        changes.values().forEach(l -> l.sort(Comparator.comparingLong(StatusChangeRow::at)));
    }

    public List<StatusChangeRow> of(String credential) {
        return changes.getOrDefault(credential, List.of());
    }

    /** The status at {@code at}. */
    public String statusAt(CredentialRow c, long at) {
        List<StatusChangeRow> l = of(c.id());
        String status = l.isEmpty() ? c.status() : l.get(0).from() == null ? "ACTIVE" : l.get(0).from();
        for (StatusChangeRow r : l) {
            if (r.at() > at) {
                break;
            }
            status = r.to();
        }
        return status;
    }

    /** Usable at {@code at}: ACTIVE and within its validity. */
    public boolean usableAt(CredentialRow c, long at) {
        return "ACTIVE".equals(statusAt(c, at)) && at >= c.validFrom()
                && (c.validUntil() == Times.NONE || at < c.validUntil());
    }

    /** The first instant at or after {@code at} at which the badge stops being usable, or NONE. */
    public long deactivatedAfter(CredentialRow c, long at) {
        long until = c.validUntil() == Times.NONE ? Long.MAX_VALUE : c.validUntil();
        for (StatusChangeRow r : of(c.id())) {
            if (r.at() >= at && !"ACTIVE".equals(r.to())) {
                until = Math.min(until, r.at());
                break;
            }
        }
        return until == Long.MAX_VALUE ? Times.NONE : Math.max(until, at);
    }
}
