package io.cagekeeper.reconciliation.input;

/**
 * One approved (or requested, denied …) access for a person to a zone: a grant (one row per zone its
 * access level opens) or a visit (with its escort and visitor-log fields). Times in microseconds,
 * {@link Times#NONE} when absent.
 */
public record ApprovalRow(String id, String kind, String person, String zone, long validFrom, long validUntil,
                          String state, String requestedBy, long requestedAt, String approvedBy, long approvedAt,
                          long revokedAt, String escort, String organization, String host, String purpose,
                          String idType, long checkedInAt, long checkedOutAt, String credential) {

    public boolean visit() {
        return "VISIT".equals(kind);
    }

    /**
     * Whether the approval was ever in force: approved by someone (states APPROVED, CHECKED_IN,
     * CHECKED_OUT, NO_SHOW, and REVOKED until its revocation). REQUESTED, DENIED, CANCELLED never were.
     */
    public boolean everInForce() {
        return approvedBy != null && switch (state) {
            case "APPROVED", "CHECKED_IN", "CHECKED_OUT", "NO_SHOW", "REVOKED" -> true;
            default -> false;
        };
    }

    /** Exclusive end of the window: valid_until, cut short by check-out (visits) and revocation. */
    public long end() {
        long end = validUntil == Times.NONE ? Long.MAX_VALUE : validUntil;
        if (visit() && checkedOutAt != Times.NONE) {
            end = Math.min(end, checkedOutAt);
        }
        if (revokedAt != Times.NONE) {
            end = Math.min(end, revokedAt);
        }
        return end;
    }

    /** End of the window as approved (valid_until, or a visit's check-out), ignoring revocation. */
    public long nominalEnd() {
        long end = validUntil == Times.NONE ? Long.MAX_VALUE : validUntil;
        return visit() && checkedOutAt != Times.NONE ? Math.min(end, checkedOutAt) : end;
    }

    /** True when the window [valid_from, end) contains {@code at}. */
    public boolean covers(long at) {
        return at >= validFrom && at < end();
    }
}
