package io.cagekeeper.reconciliation.bench;

import io.cagekeeper.reconciliation.Progress;
import io.cagekeeper.reconciliation.Reconciler;
import io.cagekeeper.reconciliation.Result;
import io.cagekeeper.reconciliation.exceptions.ExceptionType;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.DbInputs;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.RowErrors;
import io.cagekeeper.reconciliation.input.Times;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * The scale benchmark's database leg (not a test; docs/reconciliation.md, "Scale"): the very data of
 * {@link ScaleBench} (same generator, same seed) loaded into the gateway's schema on a PostgreSQL
 * (COPY; the database is kept and reused by a later run with the same size), then timed twice: the
 * reconciler's database path ({@link DbInputs}, cursor-streamed), and the same UNAUTHORIZED_ENTRY +
 * OUT_OF_WINDOW verdicts written as plain SQL in PostgreSQL (an indexed approvals table, then one
 * query classifying every entry), whose counts must equal the reconciler's. Run on a quiet machine:
 * <pre>
 * java -Xms1g -Xmx1g -cp ... io.cagekeeper.reconciliation.bench.DbScaleBench /tmp/recon-bench 10000000 50000 127.0.0.1 5432
 * </pre>
 */
public final class DbScaleBench {

    private static final Path MIGRATIONS = Path.of("gateway/src/main/resources/db/migration");
    private static final Map<String, String> SETTINGS = Map.of("offHours.start", "00:00", "offHours.end", "23:59:59",
            "offHours.weekends", "false");

    private DbScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/recon-bench");
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int persons = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        String host = args.length > 3 ? args[3] : "127.0.0.1";
        int port = args.length > 4 ? Integer.parseInt(args[4]) : 5432;
        long from = Times.micros(Instant.parse("2026-11-02T00:00:00Z"));
        long to = from + 28L * 24 * 3_600_000_000L;
        if (!Files.exists(dir.resolve("events.csv"))) {
            ScaleBench.write(dir, events, persons, from, to);
        }
        String db = "ck_scale_" + events + "_" + persons;
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + db;
        long t0 = System.nanoTime();
        if (prepare(host, port, db, url)) {
            load(url, dir, persons);
        }
        System.out.printf("database %s ready in %.1f s%n", db, (System.nanoTime() - t0) / 1e9);

        Runtime rt = Runtime.getRuntime();
        rt.gc();
        long t1 = System.nanoTime();
        RowErrors errors = new RowErrors();
        Result r;
        PgConnectOptions connect = new PgConnectOptions().setHost(host).setPort(port).setDatabase(db).setUser("postgres");
        try (DbInputs in = new DbInputs(connect, errors, from, to, Times.micros(Instant.now()))) {
            Inputs inputs = in.load();
            try (EventSource source = in.events()) {
                r = new Reconciler(Settings.of(SETTINGS), Progress.NONE).run(inputs, source, from, to, 1);
            }
        }
        double s = (System.nanoTime() - t1) / 1e9;
        long unauthorized = r.findings().stream().filter(f -> f.type() == ExceptionType.UNAUTHORIZED_ENTRY).count();
        long outOfWindow = r.findings().stream().filter(f -> f.type() == ExceptionType.OUT_OF_WINDOW).count();
        long zoneScope = r.findings().stream().filter(f -> f.type() == ExceptionType.ZONE_SCOPE).count();
        long authorized = r.population().counts.getOrDefault("entries.authorized", 0L);
        System.out.printf("database path: %d events, %d exceptions (UNAUTHORIZED_ENTRY %d, OUT_OF_WINDOW %d, ZONE_SCOPE %d; authorized %d), %d row errors in %.2f s"
                + " (%.0f events/s), heap used %d MiB%n", events, r.findings().size(), unauthorized, outOfWindow, zoneScope, authorized, errors.count(), s,
                events / s, (rt.totalMemory() - rt.freeMemory()) >> 20);

        if (!Boolean.parseBoolean(System.getProperty("bench.sql", "true"))) {
            return; // -Dbench.sql=false: the database path alone (A/B runs of the reader)
        }
        long t2 = System.nanoTime();
        Map<String, Long> verdicts = plainSql(url, from, to);
        double q = (System.nanoTime() - t2) / 1e9;
        System.out.printf("plain SQL: %s in %.2f s; reconciler/SQL time %.2f%n", verdicts, q, s / q);
        if (verdicts.getOrDefault("UNAUTHORIZED_ENTRY", 0L) != unauthorized || verdicts.getOrDefault("OUT_OF_WINDOW", 0L) != outOfWindow
                || verdicts.getOrDefault("ZONE_SCOPE", 0L) != zoneScope || verdicts.getOrDefault("AUTHORIZED", 0L) != authorized) {
            System.out.println("MISMATCH between the reconciler and the plain SQL");
            System.exit(1);
        }
    }

    /** Creates and migrates the database; false when it exists already with its events (a rerun). */
    private static boolean prepare(String host, int port, String db, String url) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
            if (rs.next()) {
                try (Connection d = DriverManager.getConnection(url, "postgres", ""); Statement ds = d.createStatement();
                     ResultSet n = ds.executeQuery("SELECT EXISTS (SELECT 1 FROM events)")) {
                    n.next();
                    if (n.getBoolean(1)) {
                        return false;
                    }
                }
            } else {
                s.execute("CREATE DATABASE " + db);
            }
        }
        Flyway.configure().dataSource(url, "postgres", "").locations("filesystem:" + MIGRATIONS.toAbsolutePath().normalize()).load().migrate();
        return true;
    }

    /** The site (a hall, 20 cages and one cage nobody may enter), the roster and grants, then the events by COPY. */
    private static void load(String url, Path dir, int persons) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.execute("INSERT INTO zones (id, name) VALUES ('outside', 'Outside'), ('hall', 'Hall'), ('cage-x', 'Cage X')");
                s.execute("INSERT INTO zones (id, name) SELECT 'cage-' || i, 'Cage ' || i FROM generate_series(0, 19) i");
                s.execute("INSERT INTO doors (id, name, from_zone, to_zone) SELECT 'd-' || id, id, CASE id WHEN 'hall' THEN 'outside'"
                        + " ELSE 'hall' END, id FROM zones WHERE id <> 'outside'");
                s.execute("INSERT INTO readers (id, door_id, side) SELECT 'r-' || to_zone || '-in', id, 'ENTRY' FROM doors"
                        + " UNION ALL SELECT 'r-' || to_zone || '-out', id, 'EXIT' FROM doors");
                s.execute("INSERT INTO schedules (id, name, intervals) VALUES ('always', 'Always', ARRAY['MONDAY 00:00 00:00',"
                        + "'TUESDAY 00:00 00:00','WEDNESDAY 00:00 00:00','THURSDAY 00:00 00:00','FRIDAY 00:00 00:00',"
                        + "'SATURDAY 00:00 00:00','SUNDAY 00:00 00:00'])");
                s.execute("INSERT INTO access_levels (id, name) SELECT 'al-' || i, 'Hall and cage ' || i FROM generate_series(0, 19) i");
                s.execute("INSERT INTO access_level_doors (access_level_id, door_id, schedule_id) SELECT 'al-' || i, d, 'always'"
                        + " FROM generate_series(0, 19) i, LATERAL (VALUES ('d-hall'), ('d-cage-' || i)) v(d)");
            }
            PGConnection pg = c.unwrap(PGConnection.class);
            copy(pg, "persons (id, name, type)", dir.resolve("persons.csv"), r -> r.get("id") + "," + r.get("name") + "," + r.get("type"));
            copy(pg, "credentials (id, card, person_id, status, valid_from)", dir.resolve("credentials.csv"),
                    r -> r.get("id") + "," + r.get("card") + "," + r.get("person") + "," + r.get("status") + "," + r.get("valid_from"));
            try (Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                String since = Times.iso(Times.micros(Instant.parse("2026-11-01T00:00:00Z")));
                s.execute("INSERT INTO grants (id, person_id, access_level_id, valid_from, state, requested_by, requested_at, approved_by,"
                        + " approved_at) SELECT 'g' || i, 'p' || i, 'al-' || (i % 20), '" + since + "', 'APPROVED', 'user:1', '" + since
                        + "', 'user:2', '" + since + "' FROM generate_series(0, " + (persons - 1) + ") i");
            }
            try (Reader events = Files.newBufferedReader(dir.resolve("events.csv"))) {
                long t = System.nanoTime();
                long rows = pg.getCopyAPI().copyIn("COPY events (id, event_key, received_at, stored_at, source, device_seq, type, person_id, door_id,"
                        + " result) FROM STDIN WITH (FORMAT csv)", new EventsAsRows(events));
                System.out.printf("COPY %d events in %.1f s%n", rows, (System.nanoTime() - t) / 1e9);
            }
            c.commit();
            // outside a transaction: in the one autocommit=false opens, its statistics were rolled back with the
            // connection's close (while pg_stat_user_tables said analyzed, so autovacuum never did it either)
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
    }

    private static void copy(PGConnection pg, String target, Path file, java.util.function.Function<CSVRecord, String> line)
            throws SQLException, IOException {
        StringBuilder b = new StringBuilder();
        try (Reader r = Files.newBufferedReader(file); CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord rec : p) {
                b.append(line.apply(rec)).append('\n');
            }
        }
        pg.getCopyAPI().copyIn("COPY " + target + " FROM STDIN WITH (FORMAT csv)", new StringReader(b.toString()));
    }

    /**
     * The canonical events.csv (id,at,device,seq,type,person,zone,direction) turned, line by line, into the
     * events table's rows: the event key from the id, stored when it happened, the door from the zone.
     */
    private static final class EventsAsRows extends Reader {
        private final java.io.BufferedReader in;
        private String pending = "";
        private int pos;

        EventsAsRows(Reader in) throws IOException {
            this.in = new java.io.BufferedReader(in, 1 << 16);
            this.in.readLine();
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            while (pos >= pending.length()) {
                String l = in.readLine();
                if (l == null) {
                    return -1;
                }
                String[] f = l.split(",", -1);
                pending = f[0] + ",k" + f[0] + "," + f[1] + "," + f[1] + "," + f[2] + "," + f[3] + "," + f[4] + "," + f[5] + ",d-" + f[6]
                        + ",GRANTED\n";
                pos = 0;
            }
            int n = Math.min(len, pending.length() - pos);
            pending.getChars(pos, pos + n, buf, off);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * UNAUTHORIZED_ENTRY and OUT_OF_WINDOW as plain SQL: the approvals (grant x zone, in force, with their
     * windows) into an indexed temporary table, then every granted entry of the period classified like
     * the reconciler does (authorized, else out of window within the 12 h margin, else unauthorized).
     */
    static Map<String, Long> plainSql(String url, long from, long to) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("SET work_mem = '256MB'");
            s.execute("""
                    CREATE TEMP TABLE ap AS
                    SELECT g.person_id, d.to_zone AS zone, g.valid_from,
                           COALESCE(LEAST(g.valid_until, g.revoked_at), 'infinity') AS until, g.approved_at
                    FROM grants g JOIN access_level_doors ald ON ald.access_level_id = g.access_level_id JOIN doors d ON d.id = ald.door_id
                    WHERE g.approved_by IS NOT NULL AND g.state IN ('APPROVED', 'REVOKED')
                    """);
            s.execute("CREATE INDEX ON ap (person_id, zone)");
            s.execute("ANALYZE ap");
            String period = "'" + Times.iso(from) + "' AND e.received_at < '" + Times.iso(to) + "'";
            try (ResultSet rs = s.executeQuery("""
                    SELECT verdict, count(*) FROM (
                      SELECT CASE
                        WHEN EXISTS (SELECT 1 FROM ap WHERE ap.person_id = en.person_id AND ap.zone = en.zone AND ap.approved_at <= en.at
                                     AND ap.valid_from <= en.at AND en.at < ap.until) THEN 'AUTHORIZED'
                        WHEN EXISTS (SELECT 1 FROM ap WHERE ap.person_id = en.person_id AND ap.zone = en.zone AND ap.approved_at <= en.at
                                     AND en.at >= ap.valid_from - interval '12 hours' AND en.at <= ap.until + interval '12 hours') THEN 'OUT_OF_WINDOW'
                        WHEN EXISTS (SELECT 1 FROM ap WHERE ap.person_id = en.person_id AND ap.valid_from <= en.at AND en.at < ap.until)
                          THEN 'ZONE_SCOPE'
                        ELSE 'UNAUTHORIZED_ENTRY' END AS verdict
                      FROM (SELECT e.person_id, d.to_zone AS zone, e.received_at AS at
                            FROM events e JOIN readers r ON r.id = e.source AND r.side = 'ENTRY' JOIN doors d ON d.id = r.door_id
                            WHERE e.type = 'ACCESS_GRANTED' AND e.received_at >= """ + period + ") en) v GROUP BY verdict")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
