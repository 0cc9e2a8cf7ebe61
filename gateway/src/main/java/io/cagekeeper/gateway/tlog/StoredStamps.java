package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.TimestampCheck;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * verify-log's check of the checkpoints' RFC 3161 time-stamps ({@code tlog_timestamps}): every stored
 * token against the note of its checkpoint and the TSA certificate the auditor trusts, with the
 * evidence module's {@link TimestampCheck} (the check an auditor runs offline). Reads one token at a
 * time.
 */
final class StoredStamps {

    private static final String TOKENS = """
            SELECT t.id, c.size, c.note, t.token FROM tlog_timestamps t JOIN tlog_checkpoints c ON c.id = t.checkpoint_id ORDER BY t.id""";

    /** How many tokens held, the latest's stamp, and each that does not. */
    record Result(int checked, TimestampCheck.Stamp latest, long latestSize, List<String> bad) {
        String summary() {
            StringBuilder b = new StringBuilder();
            b.append(bad.isEmpty() ? "OK" : "FAILED").append(": ").append(checked).append(" RFC 3161 time-stamps of checkpoints checked");
            if (latest != null) {
                b.append("; the latest, of the checkpoint at ").append(latestSize).append(" leaves, ").append(latest);
            }
            b.append('\n');
            bad.forEach(x -> b.append("  ").append(x).append('\n'));
            return b.toString();
        }
    }

    private StoredStamps() {
    }

    static Result check(Connection c, X509Certificate tsa) throws SQLException {
        int n = 0;
        TimestampCheck.Stamp latest = null;
        long latestSize = -1;
        List<String> bad = new ArrayList<>();
        c.setAutoCommit(false); // lets the driver fetch by cursor
        try (PreparedStatement p = c.prepareStatement(TOKENS)) {
            p.setFetchSize(500);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    n++;
                    try {
                        latest = TimestampCheck.verify(rs.getBytes("token"), rs.getString("note").getBytes(StandardCharsets.UTF_8), tsa);
                        latestSize = rs.getLong("size");
                    } catch (IllegalArgumentException e) {
                        bad.add("time-stamp #" + rs.getLong("id") + " (checkpoint at " + rs.getLong("size") + " leaves): " + e.getMessage());
                    }
                }
            }
        } finally {
            c.rollback();
        }
        return new Result(n, latest, latestSize, bad);
    }
}
