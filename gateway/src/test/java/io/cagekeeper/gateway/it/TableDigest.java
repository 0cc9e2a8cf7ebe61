package io.cagekeeper.gateway.it;

import io.cagekeeper.gateway.db.PgEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An MD5 of every table's rows (each row's text, sorted), read through JDBC as the schema owner: two
 * equal digests mean no row of any table was added, changed or removed in between. What a refused
 * call may, or must, write is left out, and so is what the devices write by themselves meanwhile:
 * <ul>
 *   <li>{@code audit_trail}: a refused call writes its own row there (the tests check that row), and the
 *       verifiable log makes it a leaf ({@code tlog_inbox}, {@code tlog_leaves}, {@code tlog_nodes},
 *       {@code tlog_checkpoints});</li>
 *   <li>{@code sessions} (a request refreshes its session's {@code last_seen_at}), {@code login_failures}
 *       (a failed login is counted) and {@code api_tokens.last_used_at/last_used_from} (a token's use
 *       is recorded even when the call is refused);</li>
 *   <li>the simulated reader's heartbeats every 30 s: {@code READER_HEARTBEAT} events, their replay
 *       claims ({@code reader_messages}) and the reader's clock offset ({@code reader_clocks}).</li>
 * </ul>
 */
final class TableDigest {

    static final Set<String> SKIPPED_TABLES = Set.of("audit_trail", "sessions", "login_failures", "reader_messages", "reader_clocks",
            // the verifiable log follows audit_trail (and the heartbeats): a refused call's audit row becomes a leaf
            "tlog_inbox", "tlog_leaves", "tlog_nodes", "tlog_checkpoints");
    static final Set<String> SKIPPED_COLUMNS = Set.of("api_tokens.last_used_at", "api_tokens.last_used_from");
    static final Map<String, String> SKIPPED_ROWS = Map.of("events", "type <> 'READER_HEARTBEAT'");

    private TableDigest() {
    }

    /** Table name → digest of its rows, for every table of the public schema but the skipped ones. */
    static Map<String, String> of(PgEndpoint db) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            Map<String, List<String>> columns = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')
                    ORDER BY table_name, ordinal_position
                    """)) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    if (!SKIPPED_TABLES.contains(table) && !SKIPPED_COLUMNS.contains(table + "." + rs.getString(2))) {
                        columns.computeIfAbsent(table, t -> new ArrayList<>()).add("x.\"" + rs.getString(2) + "\"");
                    }
                }
            }
            List<String> parts = new ArrayList<>();
            columns.forEach((table, cols) -> parts.add("SELECT '" + table + "' AS t, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS d"
                    + " FROM (SELECT ROW(" + String.join(", ", cols) + ")::text AS r FROM \"" + table + "\" x"
                    + (SKIPPED_ROWS.containsKey(table) ? " WHERE " + SKIPPED_ROWS.get(table) : "") + ") s"));
            Map<String, String> out = new TreeMap<>();
            try (ResultSet rs = s.executeQuery(String.join(" UNION ALL ", parts))) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("table digest failed: " + e.getMessage(), e);
        }
    }

    /** The tables whose digests differ (empty when none). */
    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String t : after.keySet()) {
            if (!after.get(t).equals(before.get(t))) {
                out.add(t);
            }
        }
        for (String t : before.keySet()) {
            if (!after.containsKey(t)) {
                out.add(t + " (dropped)");
            }
        }
        return out;
    }

    /** Runs a statement as the schema owner (a test's setup or a clock moved back). */
    static int execute(PgEndpoint db, String sql) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
