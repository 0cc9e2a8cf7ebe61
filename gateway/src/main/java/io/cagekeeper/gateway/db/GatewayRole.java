package io.cagekeeper.gateway.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Narrows the rights of the login role the gateway's pool connects as, so that whoever takes over the
 * gateway process (or reads its database password) can add to the logs but never rewrite them.
 * Run by the schema owner after every migration: it first takes every table right away from the role,
 * then grants
 * <ul>
 *   <li>SELECT and INSERT on every table of the schema: the default, so a table added by a later
 *       migration is append-only for the gateway unless it is listed below;</li>
 *   <li>UPDATE only where the gateway rewrites rows by design: the policy tables (upserts from the API
 *       and the policy tools), the alarms' life cycle and the one-row engine state;</li>
 *   <li>DELETE only on {@code access_level_doors} (an access level's doors are replaced as a whole), sessions,
 *       login failures, user roles and the verifiable log's inbox ({@code tlog_inbox}: the rows waiting to
 *       become leaves);</li>
 *   <li>nothing at all on Flyway's history, and never TRUNCATE, REFERENCES or TRIGGER.</li>
 * </ul>
 * So {@code events}, {@code decision_records}, {@code policy_changes}, {@code policy_snapshots} and the
 * verifiable log's {@code tlog_leaves}, {@code tlog_nodes}, {@code tlog_checkpoints} and {@code tlog_erasures} take
 * INSERT and SELECT only: an UPDATE or DELETE by the gateway's role fails with "permission denied".
 * Idempotent; the role must exist and must not own the tables (an owner keeps every right).
 */
public final class GatewayRole {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRole.class);

    /** Tables whose rows the gateway updates; every other table is append-only for it. */
    static final Set<String> UPDATABLE = Set.of(
            "site", "zones", "doors", "readers", "persons", "credentials", "schedules", "access_levels", "grants",
            "visits", "zone_policies", "door_modes", "restrictions", "threat_rules", "site_settings",
            "holiday_calendars", "schedule_overrides",
            "alarms", "engine_state", "users", "sessions", "api_tokens", "approvals",
            // V6: readers' learnt clock offsets, one row per reader rewritten as samples arrive
            "reader_clocks");
    /**
     * Tables of which the gateway may update only some columns: a quarantined event is kept whole, only
     * its resolution (who looked at it, when, why) is written later.
     */
    static final java.util.Map<String, String> UPDATABLE_COLUMNS = java.util.Map.of(
            "quarantined_events", "resolved_at, resolved_by, resolve_comment");
    /** Tables whose rows the gateway deletes. */
    static final Set<String> DELETABLE = Set.of("access_level_doors", "user_roles", "sessions", "login_failures",
            // V16: the log appender removes what it has made leaves of; the leaves, nodes and checkpoints stay append-only
            "tlog_inbox");

    private static final String TABLES = """
            SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
            """;
    private static final String BASE = """
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %1$s;
            REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %1$s;
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            GRANT USAGE ON SCHEMA public TO %1$s;
            GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO %1$s;
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %1$s;
            """;
    private static final String HISTORY = "flyway_schema_history";

    private GatewayRole() {
    }

    /**
     * Applies the grants to {@code role}, connected as {@code owner}. Does nothing (and says so) when
     * both are the same account: then the gateway owns the schema and keeps every right.
     */
    public static void apply(PgEndpoint owner, String role) {
        if (owner.user().equals(role)) {
            LOG.warn("the gateway connects to PostgreSQL as '{}', the owner of the schema: it can update and delete "
                    + "events; set db.migrationUser to the owner and db.user to a role of its own (docs/configuration.md)", role);
            return;
        }
        String r = quote(role);
        try (Connection c = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(TABLES)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            s.execute(BASE.formatted(r));
            for (String t : tables) {
                if (UPDATABLE.contains(t)) {
                    s.execute("GRANT UPDATE ON " + quote(t) + " TO " + r);
                }
                if (UPDATABLE_COLUMNS.containsKey(t)) {
                    s.execute("GRANT UPDATE (" + UPDATABLE_COLUMNS.get(t) + ") ON " + quote(t) + " TO " + r);
                }
                if (DELETABLE.contains(t)) {
                    s.execute("GRANT DELETE ON " + quote(t) + " TO " + r);
                }
                if (t.equals(HISTORY)) {
                    s.execute("REVOKE ALL ON " + quote(t) + " FROM " + r);
                }
            }
            c.commit();
            LOG.info("database role '{}': SELECT and INSERT on {} tables, UPDATE only on the policy tables, alarms and "
                    + "engine state, no UPDATE or DELETE on the logs", role, tables.size());
        } catch (SQLException e) {
            throw new IllegalStateException("could not restrict database role '" + role + "' as " + owner.user() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A SQL identifier, quoted (the role name comes from configuration). */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
