package io.cagekeeper.reconciliation.input;

import java.util.List;
import java.util.Set;

/**
 * The canonical input tables (docs/reconciliation.md, "Input formats"): their column names, and which
 * of them a row must fill. A foreign export is renamed onto these columns by a {@link ColumnMapping}.
 */
public enum Table {
    EVENTS("events", List.of("id", "at", "device", "seq", "type", "result", "card", "person", "door", "zone",
            "direction", "device_time", "snapshot_version", "stored_at"), Set.of("id", "at", "device", "type")),
    APPROVALS("approvals", List.of("id", "kind", "person", "zone", "valid_from", "valid_until", "state",
            "requested_by", "requested_at", "approved_by", "approved_at", "revoked_at", "escort", "organization",
            "host", "purpose", "id_type", "checked_in_at", "checked_out_at", "credential"),
            Set.of("id", "kind", "person", "zone", "valid_from", "state", "requested_by")),
    PERSONS("persons", List.of("id", "name", "type", "organization", "terminated_at"), Set.of("id", "type")),
    CREDENTIALS("credentials", List.of("id", "card", "person", "status", "valid_from", "valid_until", "visit"),
            Set.of("id", "card", "person", "status", "valid_from")),
    CREDENTIAL_STATUS("credential_status", List.of("credential", "at", "from_status", "to_status", "actor", "approval"),
            Set.of("credential", "at", "to_status", "actor")),
    HEARTBEATS("heartbeats", List.of("device", "at", "seq", "device_time"), Set.of("device", "at")),
    ACL_CHANGES("acl_changes", List.of("seq", "at", "actor", "table", "key", "op", "state", "approval"),
            Set.of("seq", "at", "actor", "table", "key", "op"));

    private final String fileName;
    private final List<String> columns;
    private final Set<String> required;

    Table(String fileName, List<String> columns, Set<String> required) {
        this.fileName = fileName;
        this.columns = columns;
        this.required = required;
    }

    /** The base name of the table's file in an input directory ({@code events.csv} or {@code events.jsonl}). */
    public String fileName() {
        return fileName;
    }

    public List<String> columns() {
        return columns;
    }

    public int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(fileName + " has no column " + column);
        }
        return i;
    }

    public boolean required(String column) {
        return required.contains(column);
    }

    /** The table whose file has this base name, or null. */
    public static Table byFileName(String name) {
        for (Table t : values()) {
            if (t.fileName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
