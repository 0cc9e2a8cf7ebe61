package io.cagekeeper.reconciliation;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL with the gateway's schema (Flyway over the gateway's migration directory, read
 * from the file system: this module does not depend on the gateway), into which a scenario's canonical
 * files are loaded as the gateway would have stored them. Embedded (zonky) by default; with
 * {@code -Dcagekeeper.it.backend=external} a fresh database on the machine's PostgreSQL
 * (127.0.0.1:5432, trust), dropped at close. Loading runs with {@code session_replication_role =
 * replica}: the rows are history (their policy deltas are loaded from acl_changes.csv as they were),
 * not new changes for the triggers to record. Public (and in this module's test jar) for the cli
 * module's tests, which add the gateway's decision records and policy archive to such a database.
 */
public final class ScenarioDatabase implements AutoCloseable {

    private static final Path MIGRATIONS = Path.of("../gateway/src/main/resources/db/migration");
    /** The {@code event_key} an event of id {@code ?} is stored under. */
    private static final String EVENT_KEY = "'k' || ?";

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String database;

    private ScenarioDatabase(EmbeddedPostgres embedded, String host, int port, String database) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.database = database;
    }

    public static ScenarioDatabase start() throws IOException, SQLException {
        String name = "ck_recon_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        EmbeddedPostgres pg = null;
        String host = "127.0.0.1";
        int port = 5432;
        if (!"external".equals(System.getProperty("cagekeeper.it.backend", "embedded"))) {
            pg = EmbeddedPostgres.builder().start();
            port = pg.getPort();
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        ScenarioDatabase db = new ScenarioDatabase(pg, host, port, name);
        Flyway.configure().dataSource(db.jdbcUrl(), "postgres", "")
                .locations("filesystem:" + MIGRATIONS.toAbsolutePath().normalize()).load().migrate();
        return db;
    }

    /** The {@code event_key} the event with this id of a loaded scenario is stored under. */
    public static String eventKey(long eventId) {
        return "k" + eventId;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Loads a scenario directory's canonical CSV files. */
    public void load(Path dir) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.execute("INSERT INTO zones (id, name) VALUES ('outside', 'Outside'), ('hall', 'Hall'), "
                        + "('cage-a', 'Cage A'), ('cage-b', 'Cage B'), ('vault', 'Vault')");
                s.execute("INSERT INTO doors (id, name, from_zone, to_zone) VALUES ('d-hall', 'Hall', 'outside', 'hall'), "
                        + "('d-a', 'Cage A', 'hall', 'cage-a'), ('d-b', 'Cage B', 'hall', 'cage-b'), ('d-v', 'Vault', 'hall', 'vault')");
                s.execute("INSERT INTO readers (id, door_id, side) VALUES ('r-hall-in', 'd-hall', 'ENTRY'), "
                        + "('r-hall-out', 'd-hall', 'EXIT'), ('r-a-in', 'd-a', 'ENTRY'), ('r-a-out', 'd-a', 'EXIT'), "
                        + "('r-b-in', 'd-b', 'ENTRY'), ('r-b-out', 'd-b', 'EXIT'), ('r-v-in', 'd-v', 'ENTRY'), ('r-v-out', 'd-v', 'EXIT')");
                s.execute("INSERT INTO schedules (id, name, intervals) VALUES ('always', 'Always', ARRAY['MONDAY 00:00 00:00',"
                        + "'TUESDAY 00:00 00:00','WEDNESDAY 00:00 00:00','THURSDAY 00:00 00:00','FRIDAY 00:00 00:00',"
                        + "'SATURDAY 00:00 00:00','SUNDAY 00:00 00:00'])");
            }
            insert(c, "INSERT INTO persons (id, name, type, organization, terminated_at) VALUES (?, ?, ?, ?, ?)",
                    rows(dir, "persons"), "id", "name", "type", "organization", "@terminated_at");
            insert(c, "INSERT INTO credentials (id, card, person_id, status, valid_from, valid_until, visit_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", rows(dir, "credentials"), "id", "card", "person", "status", "@valid_from",
                    "@valid_until", "visit");
            insert(c, "INSERT INTO credential_status_changes (credential_id, from_status, to_status, at, actor, approval_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?::bigint)", rows(dir, "credential_status"), "credential", "from_status",
                    "to_status", "@at", "actor", "approval");
            approvals(c, rows(dir, "approvals"));
            List<Map<String, String>> acl = rows(dir, "acl_changes");
            insert(c, "INSERT INTO policy_changes (version, changed_at, changed_by, summary, delta_rows) VALUES (?::bigint, ?, ?, "
                    + "'scenario', 1)", acl, "seq", "@at", "actor");
            insert(c, "INSERT INTO policy_deltas (version, seq, tbl, key, op, image) VALUES (?::bigint, ?::bigint, ?, ?, ?, "
                    + "jsonb_build_object('state', ?::text))", acl, "seq", "seq", "table", "key", "op", "state");
            insert(c, "INSERT INTO events (id, event_key, type, source, device_seq, received_at, card, person_id, door_id, result, "
                    + "device_ts, snapshot_version, stored_at) VALUES (?::bigint, " + EVENT_KEY + ", ?, ?, ?::bigint, ?, ?, ?, ?, ?, ?, "
                    + "?::bigint, ?)", rows(dir, "events"), "id", "id", "type", "device", "seq", "@at", "card", "person", "door", "result",
                    "@device_time", "snapshot_version", "@stored_at");
            List<Map<String, String>> beats = rows(dir, "heartbeats");
            long id = 1_000_000_000L;
            for (Map<String, String> b : beats) {
                b.put("id", String.valueOf(id++));
            }
            insert(c, "INSERT INTO events (id, event_key, type, source, device_seq, received_at, device_ts) "
                    + "VALUES (?::bigint, 'h' || ?, 'READER_HEARTBEAT', ?, ?::bigint, ?, ?)", beats, "id", "id", "device", "seq",
                    "@at", "@device_time");
            c.commit();
        }
    }

    /** Grants (an access level per set of zones) and visits, and an approvals row for each approved one. */
    private static void approvals(Connection c, List<Map<String, String>> rows) throws SQLException {
        Map<String, List<Map<String, String>>> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.computeIfAbsent(r.get("id"), k -> new ArrayList<>()).add(r));
        List<Map<String, String>> grants = new ArrayList<>();
        List<Map<String, String>> visits = new ArrayList<>();
        TreeSet<String> levels = new TreeSet<>();
        byId.forEach((id, list) -> {
            Map<String, String> first = new LinkedHashMap<>(list.get(0));
            if (first.get("kind").equals("GRANT")) {
                TreeSet<String> zones = new TreeSet<>();
                list.forEach(r -> zones.add(r.get("zone")));
                first.put("level", "al-" + String.join("+", zones));
                levels.add(first.get("level"));
                grants.add(first);
            } else {
                first.put("checked_in_by", first.get("checked_in_at") == null ? null : "user:desk");
                first.put("checked_out_by", first.get("checked_out_at") == null ? null : "user:desk");
                visits.add(first);
            }
        });
        List<Map<String, String>> levelDoors = new ArrayList<>();
        for (String level : levels) {
            for (String zone : level.substring(3).split("\\+")) {
                levelDoors.add(Map.of("level", level, "door", zone.equals("hall") ? "d-hall" : zone.equals("cage-a") ? "d-a" : zone.equals("vault") ? "d-v" : "d-b"));
            }
        }
        insert(c, "INSERT INTO access_levels (id, name) VALUES (?, ?)",
                levels.stream().map(l -> Map.of("id", l)).toList(), "id", "id");
        insert(c, "INSERT INTO access_level_doors (access_level_id, door_id, schedule_id) VALUES (?, ?, 'always')", levelDoors,
                "level", "door");
        insert(c, "INSERT INTO grants (id, person_id, access_level_id, valid_from, valid_until, state, requested_by, requested_at, "
                + "approved_by, approved_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", grants, "id", "person", "level",
                "@valid_from", "@valid_until", "state", "requested_by", "@requested_at", "approved_by", "@approved_at", "@revoked_at");
        insert(c, "INSERT INTO visits (id, visitor_person_id, zone_id, valid_from, valid_until, state, requested_by, requested_at, "
                + "approved_by, approved_at, escort_person_id, organization, host_person_id, purpose, id_document_type, checked_in_at, "
                + "checked_in_by, checked_out_at, checked_out_by, visitor_credential_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", visits, "id", "person", "zone", "@valid_from",
                "@valid_until", "state", "requested_by", "@requested_at", "approved_by", "@approved_at", "escort", "organization",
                "host", "purpose", "id_type", "@checked_in_at", "checked_in_by", "@checked_out_at", "checked_out_by", "credential");
        List<Map<String, String>> approved = new ArrayList<>(grants);
        approved.addAll(visits);
        approved.removeIf(a -> a.get("approved_by") == null);
        insert(c, "INSERT INTO approvals (kind, subject_id, requested_by, requested_at, state, decided_by, decided_at) "
                + "VALUES (?, ?, ?, ?, 'APPROVED', ?, ?)", approved, "kind", "id", "requested_by", "@requested_at", "approved_by",
                "@approved_at");
    }

    /** Inserts the rows in batches; a column written {@code @name} is a time. */
    private static void insert(Connection c, String sql, List<Map<String, String>> rows, String... columns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 0;
            for (Map<String, String> r : rows) {
                for (int i = 0; i < columns.length; i++) {
                    boolean time = columns[i].startsWith("@");
                    String v = r.get(time ? columns[i].substring(1) : columns[i]);
                    if (v == null) {
                        ps.setNull(i + 1, time ? Types.TIMESTAMP_WITH_TIMEZONE : Types.VARCHAR);
                    } else if (time) {
                        ps.setObject(i + 1, OffsetDateTime.parse(v));
                    } else {
                        ps.setString(i + 1, v);
                    }
                }
                ps.addBatch();
                if (++n % 5_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** The rows of a scenario's {@code <table>.csv}, each by column name (an empty value is null). */
    public static List<Map<String, String>> rows(Path dir, String table) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(dir.resolve(table + ".csv"), StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord rec : p) {
                Map<String, String> m = new LinkedHashMap<>();
                p.getHeaderNames().forEach(h -> m.put(h, rec.get(h).isEmpty() ? null : rec.get(h)));
                out.add(m);
            }
        }
        return out;
    }

    /** Empties every table the load filled (the schema stays), for the next scenario. */
    public void clear() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            for (String t : new String[] {"decision_records", "policy_snapshots", "events", "policy_deltas", "policy_changes", "approvals", "credential_status_changes",
                "visits", "grants", "access_level_doors", "access_levels", "schedules", "credentials", "persons", "readers",
                "doors", "zones"}) {
                s.execute("DELETE FROM " + t);
            }
        }
    }

    @Override
    public void close() throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
