package io.cagekeeper.gateway.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Nothing lost", judged where it matters: the event log in PostgreSQL. Every credential sent must be
 * stored exactly once as ACCESS_GRANTED (its event key is the reader's msgId), and the gateway must have
 * recorded no log gap and no rejected message. Waits for storage, which comes after the indication.
 */
final class LossCheck {

    record Verdict(long stored, long distinct, long granted, long logGaps, long rejected, long accessRowsTotal) {
        /** {@code sentSoFar}: credentials of every phase so far, which must equal all access rows (no stray duplicates). */
        boolean nothingLost(int sent, long sentSoFar) {
            return stored == sent && distinct == sent && granted == sent && logGaps == 0 && rejected == 0
                    && accessRowsTotal == sentSoFar;
        }
    }

    private LossCheck() {
    }

    static Verdict check(ScratchDatabase db, List<String> keys) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Verdict v;
        do {
            v = query(db, keys);
            if (v.stored() >= keys.size()) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return v;
    }

    /**
     * When the gateway received each credential ({@code received_at}, taken as the MQTT message reached
     * it), by event key: splits the end-to-end latency into broker delivery and gateway processing.
     */
    static Map<String, Long> receivedAtEpochNanos(ScratchDatabase db, List<String> keys) throws SQLException {
        Map<String, Long> out = new HashMap<>(keys.size() * 2);
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT event_key, received_at FROM events WHERE event_key = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime t = rs.getObject(2, OffsetDateTime.class);
                    out.put(rs.getString(1), EpochNanos.of(t.toInstant()));
                }
            }
        }
        return out;
    }

    /** The first few events that are neither access decisions nor door/lock/reader life: gaps, rejections, alarms. */
    static List<String> anomalies(ScratchDatabase db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT received_at, type, source, sentence FROM events "
                     + "WHERE type IN ('LOG_GAP', 'MESSAGE_REJECTED') ORDER BY id LIMIT 10");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, OffsetDateTime.class) + " " + rs.getString(2) + " " + rs.getString(3)
                        + ": " + rs.getString(4));
            }
        }
        return out;
    }

    private static Verdict query(ScratchDatabase db, List<String> keys) throws SQLException {
        try (Connection c = db.connect()) {
            long stored;
            long distinct;
            long granted;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*), count(DISTINCT event_key), "
                    + "count(*) FILTER (WHERE type = 'ACCESS_GRANTED') FROM events WHERE event_key = ANY (?)")) {
                Array array = c.createArrayOf("text", keys.toArray());
                s.setArray(1, array);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    stored = rs.getLong(1);
                    distinct = rs.getLong(2);
                    granted = rs.getLong(3);
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FILTER (WHERE type = 'LOG_GAP'), "
                    + "count(*) FILTER (WHERE type = 'MESSAGE_REJECTED'), count(*) FILTER (WHERE type LIKE 'ACCESS%') FROM events");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Verdict(stored, distinct, granted, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}
