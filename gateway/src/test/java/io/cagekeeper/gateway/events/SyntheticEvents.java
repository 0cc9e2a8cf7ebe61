package io.cagekeeper.gateway.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the events table with {@code rows} synthetic events in PostgreSQL itself (generate_series, no
 * row crosses the network), spread evenly over {@code span} ending at {@code end}: 70 % ACCESS_GRANTED,
 * 10 % ACCESS_DENIED, 20 % door openings and closings, over {@code doors} doors {@code d0…} and
 * {@code persons} persons {@code p0…} (person n's card is {@link #card}), in a pseudo-random mix so that no filter
 * correlates with another. The table's secondary indexes are dropped for the load and rebuilt from
 * their own definitions after it (the way a bulk load is done), then the table is analyzed.
 */
public final class SyntheticEvents {

    private static final String INSERT = """
            INSERT INTO events (event_key, type, source, door_id, received_at, card, person_id, result, reasons, decided_by,
                                snapshot_version, sentence, flags, detail)
            SELECT 'syn:' || g, t.type, 'reader:r' || d, 'd' || d, ?::timestamptz + (g * ?::bigint) * interval '1 microsecond',
                   CASE WHEN t.access THEN x.card END, CASE WHEN t.access THEN 'p' || p END,
                   CASE WHEN t.type = 'ACCESS_GRANTED' THEN 'GRANT' WHEN t.type = 'ACCESS_DENIED' THEN 'DENY' END,
                   CASE WHEN t.type = 'ACCESS_GRANTED' THEN '{ACCESS_LEVEL_GRANTED}'::text[]
                        WHEN t.type = 'ACCESS_DENIED' THEN '{NO_GRANT}'::text[] ELSE '{}'::text[] END,
                   CASE WHEN t.access THEN 'grant:g' || p END, CASE WHEN t.access THEN 1 END,
                   CASE WHEN t.type = 'ACCESS_GRANTED' THEN 'Granted: Person ' || p || ' (' || x.card || ') at d' || d
                        WHEN t.type = 'ACCESS_DENIED' THEN 'Denied: Person ' || p || ' (' || x.card || ') has no grant for d' || d
                        ELSE 'Door d' || d || ' ' || lower(t.type) END,
                   '{}', CASE WHEN t.access THEN '{"side": "ENTRY"}'::jsonb END
            FROM generate_series(?::bigint, ?::bigint) AS g,
                 LATERAL (SELECT d, p, k, CARD_OF_P AS card
                          FROM (SELECT (g * 7919) % ? AS d, (g * 104729) % ? AS p, (g * 31) % 10 AS k) AS y) AS x,
                 LATERAL (SELECT CASE WHEN x.k < 7 THEN 'ACCESS_GRANTED' WHEN x.k = 7 THEN 'ACCESS_DENIED'
                                      WHEN x.k = 8 THEN 'DOOR_OPENED' ELSE 'DOOR_CLOSED' END AS type, x.k < 8 AS access) AS t
            """.replace("CARD_OF_P", cardSql("p"));
    private static final String SECONDARY_INDEXES = """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = 'events' AND i.schemaname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """;

    private SyntheticEvents() {
    }

    /** The H10301 card of synthetic person {@code n}: facility 42 and up, a 16-bit number ({@code 42:4242}, {@code 43:0}). */
    public static String card(int n) {
        return (42 + n / 65536) + ":" + (n % 65536);
    }

    /** The same in SQL, of an integer expression {@code n}. */
    public static String cardSql(String n) {
        return "(42 + " + n + " / 65536) || ':' || (" + n + " % 65536)";
    }

    /** Loads {@code rows} events in batches of a million; prints progress with {@code log}. */
    public static void load(Connection c, long rows, int doors, int persons, Instant end, Duration span,
                            java.util.function.Consumer<String> log) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        List<String> definitions = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '512MB'");
            try (ResultSet r = s.executeQuery(SECONDARY_INDEXES)) {
                while (r.next()) {
                    definitions.add(r.getString(2));
                    log.accept("dropping " + r.getString(1) + " for the load");
                }
            }
            for (String d : definitions) {
                s.execute("DROP INDEX " + d.replaceFirst("^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2"));
            }
        }
        long stepMicros = Math.max(1, span.toNanos() / 1_000 / Math.max(1, rows));
        Instant start = end.minus(Duration.ofNanos(stepMicros * 1_000 * rows));
        long batch = 1_000_000;
        // synthetic history predates the verifiable log: loaded without its triggers (superuser only), so the log's
        // appender does not spend the measurement catching up on millions of leaves no live gateway would queue at once
        boolean replica = false;
        try (Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            replica = true;
        } catch (SQLException notSuperuser) {
            log.accept("loading with triggers (not a superuser): the events are queued for the verifiable log too");
        }
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            for (long first = 0; first < rows; first += batch) {
                long last = Math.min(rows, first + batch) - 1;
                p.setTimestamp(1, Timestamp.from(start));
                p.setLong(2, stepMicros);
                p.setLong(3, first);
                p.setLong(4, last);
                p.setInt(5, doors);
                p.setInt(6, persons);
                p.executeUpdate();
                log.accept("events loaded: " + (last + 1));
            }
        }
        if (replica) {
            try (Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = DEFAULT");
            }
        }
        try (Statement s = c.createStatement()) {
            for (String d : definitions) {
                long t0 = System.nanoTime();
                s.execute(d);
                log.accept(d + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            }
            s.execute("ANALYZE events");
        }
        c.setAutoCommit(auto);
    }
}
