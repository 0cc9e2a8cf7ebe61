package io.cagekeeper.reconciliation.input;

import java.util.Set;

/**
 * Turns a row of canonical values into its record, checking what docs/reconciliation.md says each
 * column holds. Every refusal is an IllegalArgumentException whose message names the column.
 */
public final class Decoder {

    static final Set<String> KINDS = Set.of("GRANT", "VISIT");
    static final Set<String> STATES = Set.of("REQUESTED", "APPROVED", "DENIED", "REVOKED", "CHECKED_IN", "CHECKED_OUT",
            "CANCELLED", "NO_SHOW");
    static final Set<String> PERSON_TYPES = Set.of("EMPLOYEE", "CONTRACTOR", "VISITOR");
    static final Set<String> STATUSES = Set.of("ACTIVE", "SUSPENDED", "LOST", "STOLEN", "REVOKED", "EXPIRED");
    static final Set<String> OPS = Set.of("I", "U", "D");

    private final Table table;
    private final Times.Parser times;
    private final java.util.Map<String, Integer> index = new java.util.HashMap<>();
    private final int[] required;
    private String[] row;
    private final Interner ids;

    public Decoder(Table table, Times.Parser times) {
        this(table, times, new Interner());
    }

    /**
     * With {@code ids} shared by every table of one input, an event's person, card and zone are the very
     * instances the approvals, roster and badges hold, so the checks' look-ups compare them by identity.
     */
    Decoder(Table table, Times.Parser times, Interner ids) {
        this.ids = ids;
        this.table = table;
        this.times = times;
        java.util.List<String> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            index.put(cols.get(i), i);
        }
        this.required = java.util.stream.IntStream.range(0, cols.size()).filter(i -> table.required(cols.get(i))).toArray();
    }

    /** Decodes one row into the table's record. */
    public Object decode(String[] values) {
        this.row = values;
        for (int i : required) {
            if (values[i] == null) {
                throw new IllegalArgumentException(table.columns().get(i) + " is empty");
            }
        }
        return switch (table) {
            case EVENTS -> new EventRow(number("id"), time("at"), ids.of(text("device")), number("seq"), ids.of(text("type")),
                    ids.of(text("result")), ids.of(text("card")), ids.of(text("person")), ids.of(text("door")), ids.of(text("zone")), direction(),
                    time("device_time"), number("snapshot_version"), time("stored_at"));
            case APPROVALS -> approval();
            case PERSONS -> new PersonRow(ids.of(text("id")), text("name"), oneOf("type", PERSON_TYPES), text("organization"),
                    time("terminated_at"));
            case CREDENTIALS -> new CredentialRow(ids.of(text("id")), ids.of(text("card")), ids.of(text("person")), oneOf("status", STATUSES),
                    time("valid_from"), time("valid_until"), text("visit"));
            case CREDENTIAL_STATUS -> new StatusChangeRow(text("credential"), time("at"), oneOf("from_status", STATUSES),
                    oneOf("to_status", STATUSES), text("actor"), text("approval"));
            case HEARTBEATS -> new HeartbeatRow(text("device"), time("at"), number("seq"), time("device_time"));
            case ACL_CHANGES -> new AclChangeRow(number("seq"), time("at"), text("actor"), text("table"), text("key"),
                    oneOf("op", OPS), text("state"), text("approval"));
        };
    }

    private ApprovalRow approval() {
        ApprovalRow a = new ApprovalRow(ids.of(text("id")), oneOf("kind", KINDS), ids.of(text("person")), ids.of(text("zone")),
                time("valid_from"), time("valid_until"), oneOf("state", STATES), text("requested_by"),
                time("requested_at"), text("approved_by"), time("approved_at"), time("revoked_at"), text("escort"),
                text("organization"), text("host"), text("purpose"), text("id_type"), time("checked_in_at"),
                time("checked_out_at"), text("credential"));
        if (a.validUntil() != Times.NONE && a.validUntil() <= a.validFrom()) {
            throw new IllegalArgumentException("valid_until is not after valid_from");
        }
        if (a.visit() && a.validUntil() == Times.NONE) {
            throw new IllegalArgumentException("valid_until is empty (a visit always ends)");
        }
        if (a.approvedBy() != null && a.approvedAt() == Times.NONE) {
            throw new IllegalArgumentException("approved_at is empty but approved_by is set");
        }
        return a;
    }

    private String text(String column) {
        return row[index.get(column)];
    }

    private boolean direction() {
        String d = text("direction");
        if (d == null || d.equals("IN")) {
            return false;
        }
        if (d.equals("OUT")) {
            return true;
        }
        throw new IllegalArgumentException("direction '" + d + "' is neither IN nor OUT");
    }

    private String oneOf(String column, Set<String> allowed) {
        String v = text(column);
        if (v != null && !allowed.contains(v)) {
            throw new IllegalArgumentException(column + " '" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
        return v;
    }

    private long number(String column) {
        String v = text(column);
        if (v == null) {
            return Times.NONE;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + v + "' is not an integer");
        }
    }

    private long time(String column) {
        String v = text(column);
        if (v == null) {
            return Times.NONE;
        }
        try {
            return times.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(column + ": " + e.getMessage());
        }
    }
}
