package io.cagekeeper.gateway.auth;

import java.util.Locale;

/**
 * What a user or an API token may do. Roles are the unit of authorization on every operation (the
 * OpenAPI document names the roles of each in {@code x-roles}); a user may hold several.
 */
public enum Role {
    /** Approves visits, watches alarms and doors, sets the threat level. */
    SECURITY_DESK("security-desk"),
    /** Enrolls, suspends and revokes badges; manages persons and grant requests. */
    FACILITIES("facilities"),
    /** Reads everything, changes nothing; runs and downloads reconciliations. */
    AUDITOR("auditor"),
    /** Users, roles, API tokens, configuration. Holds no door access of its own. */
    ADMIN("admin");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** The role's name in the API, the database and the OpenAPI document. */
    public String id() {
        return id;
    }

    /** The role named {@code id} ({@code security-desk}, …); IllegalArgumentException for anything else. */
    public static Role of(String id) {
        for (Role r : values()) {
            if (r.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role");
    }
}
