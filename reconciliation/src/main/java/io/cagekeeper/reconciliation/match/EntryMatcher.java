package io.cagekeeper.reconciliation.match;

import java.util.Map;

/**
 * Matches one granted entry (person, zone, time) against the approvals, in the order of
 * docs/reconciliation.md: covered and approved in time; covered but approved later (retroactive);
 * within the out-of-window margin of an approval for that zone; covered for another zone; nothing.
 * Allocation-free: the result is the verdict and the slot it refers to, kept in fields.
 */
public final class EntryMatcher {

    private static final Slot[] NO_SLOTS = new Slot[0];

    private final ApprovalIndex index;
    private final long margin;
    private Slot slot;

    public EntryMatcher(ApprovalIndex index, long margin) {
        this.index = index;
        this.margin = margin;
    }

    /** The approval the last verdict refers to (null for NONE). */
    public Slot slot() {
        return slot;
    }

    public Verdict match(String person, String zone, long at) {
        slot = null;
        if (person == null) {
            return Verdict.NONE;
        }
        Slot[] here = zone == null ? NO_SLOTS : index.of(person, zone);
        Slot retro = null;
        for (Slot s : here) {
            if (s.approval.covers(at)) {
                if (s.approval.approvedAt() <= at) {
                    slot = s;
                    return Verdict.AUTHORIZED;
                }
                retro = retro == null ? s : retro;
            }
        }
        if (retro != null) {
            slot = retro;
            return Verdict.RETROACTIVE;
        }
        for (Slot s : here) {
            var a = s.approval;
            if (a.approvedAt() > at || (a.revokedAt() != Long.MIN_VALUE && a.revokedAt() <= at)) {
                continue;
            }
            if (at < a.validFrom() && at >= a.validFrom() - margin) {
                slot = s;
                return Verdict.EARLY;
            }
            long end = a.nominalEnd();
            if (at >= end && end != Long.MAX_VALUE && at - end <= margin) {
                slot = s;
                return Verdict.LATE;
            }
        }
        for (Map.Entry<String, Slot[]> e : index.of(person).entrySet()) {
            if (e.getKey().equals(zone)) {
                continue;
            }
            for (Slot s : e.getValue()) {
                if (s.approval.covers(at) && s.approval.approvedAt() <= at
                        && (slot == null || s.approval.id().compareTo(slot.approval.id()) < 0)) {
                    slot = s;
                }
            }
        }
        return slot == null ? Verdict.NONE : Verdict.OTHER_ZONE;
    }
}
