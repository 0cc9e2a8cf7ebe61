package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.ThreatLevel;
import io.cagekeeper.policy.model.ThreatRule;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.WeeklyInterval;
import io.cagekeeper.policy.model.Zone;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Owns the policy tables (site, zones, doors, readers, persons, credentials, schedules, access
 * levels, grants) and {@code policy_changes}. Reads the whole policy in one repeatable-read
 * transaction so the version and the content it is compiled with always belong together; every
 * write records who changed what in the same transaction.
 */
public final class PolicyStore {

    private static final String VERSION = "SELECT coalesce(max(version), 0) FROM policy_changes";
    // Every list is ordered by its key COLLATE "C" (byte order): the order PolicyDelta.applyTo keeps (Java
    // string order, the same for the ASCII ids the store allows), so a patched snapshot equals a loaded one.
    // The three bulky tables are read in storage order and sorted here instead: the primary keys'
    // indexes are in the database's collation, so ORDER BY id COLLATE "C" made PostgreSQL sort a million rows
    // on disk (work_mem) before sending the first, the largest part of a start at 1M badges.
    private static final String SITE = "SELECT id, name, time_zone FROM site LIMIT 1";
    private static final String ZONES = "SELECT id, name, parent_id FROM zones ORDER BY id COLLATE \"C\"";
    private static final String DOORS = "SELECT id, name, from_zone, to_zone, interlock_group FROM doors ORDER BY id COLLATE \"C\"";
    private static final String READERS = "SELECT id, door_id, side FROM readers ORDER BY id COLLATE \"C\"";
    private static final String PERSONS = "SELECT id, name, type, terminated_at FROM persons";
    private static final String CREDENTIALS = """
            SELECT id, card, person_id, status, valid_from, valid_until, status_changed_at, status_changed_by, pin_hash
            FROM credentials
            """;
    private static final String SCHEDULES = "SELECT id, name, intervals FROM schedules ORDER BY id COLLATE \"C\"";
    private static final String LEVELS = "SELECT id, name FROM access_levels ORDER BY id COLLATE \"C\"";
    private static final String LEVEL_DOORS = """
            SELECT access_level_id, door_id, schedule_id FROM access_level_doors
            ORDER BY access_level_id COLLATE "C", door_id COLLATE "C"
            """;
    /** Only approved grants are in force ({@link PolicyRows#grant}); the WHERE only spares reading the others. */
    private static final String GRANTS = """
            SELECT id, person_id, access_level_id, valid_from, valid_until, approved_by, state FROM grants
            WHERE state = 'APPROVED'
            """;

    private static final String SETTINGS = "SELECT pin_max_failures, escort_window_seconds FROM site_settings WHERE id = 1";
    private static final String DOOR_MODES = """
            SELECT door_id, mode, schedule_id FROM door_modes ORDER BY door_id COLLATE "C", mode COLLATE "C", schedule_id COLLATE "C"
            """;
    private static final String CALENDARS = "SELECT id, name, dates FROM holiday_calendars ORDER BY id COLLATE \"C\"";
    private static final String OVERRIDES = """
            SELECT schedule_id, calendar_id, hours FROM schedule_overrides ORDER BY schedule_id COLLATE "C", calendar_id COLLATE "C"
            """;
    private static final String ZONE_POLICIES = """
            SELECT zone_id, apb, apb_minutes, two_person_seconds FROM zone_policies ORDER BY zone_id COLLATE "C"
            """;
    /** The visits that can be in force; {@link PolicyRows#visit} cuts each at its check-out and drops the empty ones. */
    private static final String VISITS = """
            SELECT id, visitor_person_id, zone_id, valid_from, valid_until, checked_out_at, escort_person_id, approved_by, state
            FROM visits WHERE state IN ('APPROVED', 'CHECKED_IN', 'CHECKED_OUT') ORDER BY id COLLATE "C"
            """;
    private static final String RESTRICTIONS = """
            SELECT id, person_id, zone_id, valid_from, valid_until, reason, created_by FROM restrictions ORDER BY id COLLATE "C"
            """;
    private static final String THREAT_RULES = "SELECT level, person_types, access_level_ids FROM threat_rules ORDER BY level COLLATE \"C\"";

    private static final String ORGANIZATIONS = "SELECT id, organization FROM persons WHERE id = ANY($1) AND organization IS NOT NULL";
    private static final String RECORD_CHANGE = "INSERT INTO policy_changes (changed_by, summary) VALUES ($1, $2) RETURNING version";

    private final Pool pool;

    public PolicyStore(Pool pool) {
        this.pool = pool;
    }

    /** A consistent read of the whole policy with the version it corresponds to. */
    public record Loaded(long version, PolicyData data) {
    }

    /** The latest recorded policy version: one row, so the periodic check costs nothing when nothing changed. */
    public Future<Long> version() {
        return version(pool);
    }

    public Future<Loaded> load() {
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
                .compose(v -> readAll(conn)));
    }

    private static Future<Long> version(SqlClient c) {
        return c.query(VERSION).execute().map(rs -> rs.iterator().next().getLong(0));
    }

    private Future<Loaded> readAll(SqlConnection c) {
        Future<Long> version = version(c);
        Future<RowSet<Row>> site = c.query(SITE).execute();
        Future<RowSet<Row>> zones = c.query(ZONES).execute();
        Future<RowSet<Row>> doors = c.query(DOORS).execute();
        Future<RowSet<Row>> readers = c.query(READERS).execute();
        Future<RowSet<Row>> schedules = c.query(SCHEDULES).execute();
        Future<RowSet<Row>> levels = c.query(LEVELS).execute();
        Future<RowSet<Row>> levelDoors = c.query(LEVEL_DOORS).execute();
        Future<PolicyRules> rules = readRules(c);
        // the bulky tables one after the other through cursors, each row mapped as it arrives: at a million
        // badges a whole result set held at once is some hundreds of MB the snapshot never needs
        // each sorted on a worker while the next is read
        Future<List<Person>> personRows = Future.all(List.of(version, site, zones, doors, readers, schedules, levels, levelDoors, rules))
                .compose(small -> stream(c, PERSONS, PolicyRows::person));
        Future<List<Credential>> credentialRows = personRows.compose(p -> stream(c, CREDENTIALS,
                r -> PolicyRows.credential(r, r.string("pin_hash"))));
        Future<List<Grant>> grantRows = credentialRows.compose(p -> stream(c, GRANTS, PolicyRows::grant));
        Future<List<Person>> persons = personRows.compose(rows -> sorted(rows, Person::id));
        Future<List<Credential>> creds = credentialRows.compose(rows -> sorted(rows, Credential::id));
        Future<List<Grant>> grants = Future.all(persons, creds, grantRows).compose(all -> sorted(grantRows.result(), Grant::id));
        return grants.map(all -> new Loaded(version.result(), new PolicyData(
                        site(site.result()),
                        map(zones.result(), PolicyRows::zone),
                        map(doors.result(), PolicyRows::door),
                        map(readers.result(), PolicyRows::reader),
                        persons.result(),
                        creds.result(),
                        map(schedules.result(), PolicyRows::schedule),
                        levels(levels.result(), levelDoors.result()),
                        grants.result(), rules.result())));
    }

    private Future<PolicyRules> readRules(SqlConnection c) {
        Future<RowSet<Row>> settings = c.query(SETTINGS).execute();
        Future<RowSet<Row>> modes = c.query(DOOR_MODES).execute();
        Future<RowSet<Row>> calendars = c.query(CALENDARS).execute();
        Future<RowSet<Row>> overrides = c.query(OVERRIDES).execute();
        Future<RowSet<Row>> zonePolicies = c.query(ZONE_POLICIES).execute();
        Future<RowSet<Row>> visits = c.query(VISITS).execute();
        Future<RowSet<Row>> restrictions = c.query(RESTRICTIONS).execute();
        Future<RowSet<Row>> threats = c.query(THREAT_RULES).execute();
        return Future.all(List.of(settings, modes, calendars, overrides, zonePolicies, visits, restrictions, threats)).map(all -> {
            Row set = settings.result().size() == 0 ? null : settings.result().iterator().next();
            return new PolicyRules(
                    map(modes.result(), PolicyRows::doorMode),
                    map(calendars.result(), PolicyRows::calendar),
                    map(overrides.result(), PolicyRows::override),
                    map(zonePolicies.result(), PolicyRows::zonePolicy),
                    map(visits.result(), PolicyRows::visit),
                    map(restrictions.result(), PolicyRows::restriction),
                    map(threats.result(), PolicyRows::threatRule),
                    set == null ? PolicyRules.DEFAULT_PIN_MAX_FAILURES : set.getInteger("pin_max_failures"),
                    set == null ? PolicyRules.DEFAULT_ESCORT_WINDOW_SECONDS : set.getInteger("escort_window_seconds"));
        });
    }

    private static Site site(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return new Site("unconfigured", "Unconfigured site", ZoneOffset.UTC);
        }
        return PolicyRows.site(RowImage.of(rows.iterator().next()));
    }

    private static List<AccessLevel> levels(RowSet<Row> levels, RowSet<Row> levelDoors) {
        Map<String, List<DoorSchedule>> byLevel = new HashMap<>();
        for (Row r : levelDoors) {
            byLevel.computeIfAbsent(r.getString("access_level_id"), k -> new ArrayList<>())
                    .add(PolicyRows.levelDoor(RowImage.of(r)));
        }
        return map(levels, r -> new AccessLevel(r.string("id"), r.string("name"), byLevel.getOrDefault(r.string("id"), List.of())));
    }

    /** Parses the stored interval texts, {@code MONDAY 08:00 18:00}. */
    static List<WeeklyInterval> intervals(String[] texts) {
        List<WeeklyInterval> out = new ArrayList<>(texts.length);
        for (String t : texts) {
            String[] p = t.trim().split("\\s+");
            out.add(new WeeklyInterval(DayOfWeek.valueOf(p[0]), LocalTime.parse(p[1]), LocalTime.parse(p[2])));
        }
        return out;
    }

    /** The stored text of an interval, inverse of {@link #intervals}. */
    public static String intervalText(WeeklyInterval i) {
        return i.day() + " " + i.start() + " " + i.end();
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    /** The rows mapped by the shared projection, skipping rows it finds not in force (null). */
    /** Rows fetched per round trip when the bulky tables are read. */
    private static final int FETCH = 10_000;

    /** Every row of {@code sql} through a cursor (binary rows, mapped one by one, none kept), in order. */
    private static <T> Future<List<T>> stream(SqlConnection c, String sql, Function<RowImage, T> f) {
        return c.prepare(sql).compose(ps -> {
            io.vertx.core.Promise<List<T>> done = io.vertx.core.Promise.promise();
            List<T> out = new ArrayList<>();
            io.vertx.sqlclient.RowStream<Row> rows = ps.createStream(FETCH);
            rows.exceptionHandler(done::tryFail);
            rows.handler(r -> {
                T t = f.apply(RowImage.of(r));
                if (t != null) {
                    out.add(t);
                }
            });
            rows.endHandler(v -> done.tryComplete(out));
            return done.future().eventually(() -> rows.close().otherwiseEmpty().compose(x -> ps.close().otherwiseEmpty()));
        });
    }

    /**
     * {@code rows} in the order of their ids (Java string order: byte order for the ASCII ids the store
     * allows, the order of ORDER BY id COLLATE "C" and of {@code PolicyDelta.applyTo}), sorted on a worker of
     * the calling context so that a full read at run time never holds the event loop for the sort.
     */
    static <T> Future<List<T>> sorted(List<T> rows, Function<T, String> id) {
        Comparator<T> byId = Comparator.comparing(id);
        // TimSort: n - 1 comparisons when the rows are stored in id order already, as a site adding ids in order has them
        Context context = Vertx.currentContext();
        if (context == null) {
            rows.sort(byId);
            return Future.succeededFuture(rows);
        }
        return context.executeBlocking(() -> {
            rows.sort(byId);
            return rows;
        }, false);
    }

    private static <T> List<T> map(RowSet<Row> rows, Function<RowImage, T> f) {
        List<T> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            T t = f.apply(RowImage.of(r));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    // ---- writes: each runs in a transaction that also records the change ----

    /** Runs {@code statements} (SQL text + parameters) atomically and records the change. Returns the new version. */
    public Future<Long> change(String changedBy, String summary, List<Statement> statements) {
        return transact(changedBy, summary, conn -> {
            Future<?> f = Future.succeededFuture();
            for (Statement s : statements) {
                f = f.compose(v -> conn.preparedQuery(s.sql()).execute(s.params()));
            }
            return f.mapEmpty();
        }).map(Changed::version);
    }

    /** A committed policy change: the new policy version and what the work returned. */
    public record Changed<T>(long version, T result) {
    }

    /**
     * Runs {@code work} in one transaction and records it as a policy change by {@code changedBy} (an
     * actor id): the rows, whatever else the work writes on {@code conn} (its audit-trail row, a
     * status-change row), and the new {@code policy_changes} version commit together or not at all.
     * The {@code policy_changes} row is written FIRST: its trigger (V13) takes the policy-change lock, so
     * changes commit in version order, and hands the version to the row triggers that log every changed
     * row in {@code policy_deltas}. The version's NOTIFY at commit wakes every gateway. A failed future from {@code work}
     * (a {@code BadRequest} for a refused change) rolls everything back.
     */
    public <T> Future<Changed<T>> transact(String changedBy, String summary, Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery(RECORD_CHANGE).execute(Tuple.of(changedBy, summary))
                .map(rs -> rs.iterator().next().getLong(0))
                .compose(version -> work.apply(conn).map(result -> new Changed<>(version, result))));
    }

    /** One parameterised SQL statement of a policy change. */
    public record Statement(String sql, Tuple params) {
    }

    public static Statement upsertSite(Site s) {
        return new Statement("""
                INSERT INTO site (id, name, time_zone) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone
                """, Tuple.of(s.id(), s.name(), s.timeZone().getId()));
    }

    public static Statement upsertZone(Zone z) {
        return new Statement("""
                INSERT INTO zones (id, name, parent_id) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id
                """, Tuple.of(z.id(), z.name(), z.parentId()));
    }

    public static Statement upsertDoor(Door d) {
        return new Statement("""
                INSERT INTO doors (id, name, from_zone, to_zone, interlock_group) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, from_zone = EXCLUDED.from_zone,
                    to_zone = EXCLUDED.to_zone, interlock_group = EXCLUDED.interlock_group
                """, Tuple.of(d.id(), d.name(), d.fromZone(), d.toZone(), d.interlockGroup()));
    }

    public static Statement upsertReader(Reader r) {
        return new Statement("""
                INSERT INTO readers (id, door_id, side) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET door_id = EXCLUDED.door_id, side = EXCLUDED.side
                """, Tuple.of(r.id(), r.doorId(), r.side().name()));
    }

    public static Statement upsertPerson(Person p) {
        return new Statement("""
                INSERT INTO persons (id, name, type, terminated_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, terminated_at = EXCLUDED.terminated_at
                """, Tuple.of(p.id(), p.name(), p.type().name(), odt(p.terminatedAt())));
    }

    public static Statement upsertCredential(Credential c) {
        return new Statement("""
                INSERT INTO credentials (id, card, person_id, status, valid_from, valid_until, status_changed_at,
                                         status_changed_by, pin_hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (id) DO UPDATE SET card = EXCLUDED.card, person_id = EXCLUDED.person_id,
                    status = EXCLUDED.status, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
                    status_changed_at = EXCLUDED.status_changed_at, status_changed_by = EXCLUDED.status_changed_by,
                    pin_hash = EXCLUDED.pin_hash
                """, Tuple.tuple(List.of(c.id(), c.card().toString(), c.personId(), c.status().name())).addValue(odt(c.validFrom()))
                .addValue(odt(c.validUntil())).addValue(odt(c.statusChangedAt())).addValue(c.statusChangedBy())
                .addValue(c.pinHash()));
    }

    public static Statement setCredentialStatus(String credentialId, CredentialStatus status, Instant at, String by) {
        return new Statement("""
                UPDATE credentials SET status = $2, status_changed_at = $3, status_changed_by = $4 WHERE id = $1
                """, Tuple.of(credentialId, status.name(), odt(at), by));
    }

    public static Statement upsertSchedule(Schedule s) {
        return new Statement("""
                INSERT INTO schedules (id, name, intervals) VALUES ($1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, intervals = EXCLUDED.intervals
                """, Tuple.of(s.id(), s.name(), s.intervals().stream().map(PolicyStore::intervalText).toArray(String[]::new)));
    }

    /** Replaces an access level and its door list. */
    public static List<Statement> putAccessLevel(AccessLevel l) {
        List<Statement> out = new ArrayList<>();
        out.add(new Statement("""
                INSERT INTO access_levels (id, name) VALUES ($1, $2)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name
                """, Tuple.of(l.id(), l.name())));
        out.add(new Statement("DELETE FROM access_level_doors WHERE access_level_id = $1", Tuple.of(l.id())));
        for (DoorSchedule ds : l.doors()) {
            out.add(new Statement("INSERT INTO access_level_doors (access_level_id, door_id, schedule_id) VALUES ($1, $2, $3)",
                    Tuple.of(l.id(), ds.doorId(), ds.scheduleId())));
        }
        return out;
    }

    public static Statement upsertGrant(Grant g) {
        return new Statement("""
                INSERT INTO grants (id, person_id, access_level_id, valid_from, valid_until, approved_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (id) DO UPDATE SET person_id = EXCLUDED.person_id, access_level_id = EXCLUDED.access_level_id,
                    valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until, approved_by = EXCLUDED.approved_by
                """, Tuple.of(g.id(), g.personId(), g.accessLevelId(), odt(g.validFrom()), odt(g.validUntil()), g.approvedBy()));
    }

    public static Statement upsertVisit(Visit v) {
        return new Statement("""
                INSERT INTO visits (id, visitor_person_id, zone_id, valid_from, valid_until, escort_person_id, approved_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (id) DO UPDATE SET visitor_person_id = EXCLUDED.visitor_person_id, zone_id = EXCLUDED.zone_id,
                    valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
                    escort_person_id = EXCLUDED.escort_person_id, approved_by = EXCLUDED.approved_by
                """, Tuple.tuple(List.of(v.id(), v.visitorPersonId(), v.zoneId())).addValue(odt(v.from())).addValue(odt(v.until()))
                .addValue(v.escortPersonId()).addValue(v.approvedBy()));
    }

    public static Statement upsertZonePolicy(ZonePolicy z) {
        return new Statement("""
                INSERT INTO zone_policies (zone_id, apb, apb_minutes, two_person_seconds) VALUES ($1, $2, $3, $4)
                ON CONFLICT (zone_id) DO UPDATE SET apb = EXCLUDED.apb, apb_minutes = EXCLUDED.apb_minutes,
                    two_person_seconds = EXCLUDED.two_person_seconds
                """, Tuple.of(z.zoneId(), z.apb().name(), z.apbMinutes(), z.twoPersonSeconds()));
    }

    public static Statement putDoorMode(DoorModeRule m) {
        return new Statement("""
                INSERT INTO door_modes (door_id, mode, schedule_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
                """, Tuple.of(m.doorId(), m.mode().name(), m.scheduleId()));
    }

    public static Statement upsertRestriction(Restriction r) {
        return new Statement("""
                INSERT INTO restrictions (id, person_id, zone_id, valid_from, valid_until, reason, created_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (id) DO UPDATE SET person_id = EXCLUDED.person_id, zone_id = EXCLUDED.zone_id,
                    valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until, reason = EXCLUDED.reason,
                    created_by = EXCLUDED.created_by
                """, Tuple.tuple(List.of(r.id(), r.personId())).addValue(r.zoneId()).addValue(odt(r.from()))
                .addValue(odt(r.until())).addValue(r.reason()).addValue(r.createdBy()));
    }

    public static Statement putThreatRule(ThreatRule t) {
        return new Statement("""
                INSERT INTO threat_rules (level, person_types, access_level_ids) VALUES ($1, $2, $3)
                ON CONFLICT (level) DO UPDATE SET person_types = EXCLUDED.person_types, access_level_ids = EXCLUDED.access_level_ids
                """, Tuple.of(t.level().name(), t.personTypes().stream().map(Enum::name).toArray(String[]::new),
                t.accessLevelIds().toArray(String[]::new)));
    }

    public static Statement putSettings(int pinMaxFailures, int escortWindowSeconds) {
        return new Statement("""
                INSERT INTO site_settings (id, pin_max_failures, escort_window_seconds) VALUES (1, $1, $2)
                ON CONFLICT (id) DO UPDATE SET pin_max_failures = EXCLUDED.pin_max_failures,
                    escort_window_seconds = EXCLUDED.escort_window_seconds
                """, Tuple.of(pinMaxFailures, escortWindowSeconds));
    }

    /** The organizations of these persons, where recorded (the muster list shows them; the engine's Person has none). */
    public Future<Map<String, String>> organizations(Collection<String> personIds) {
        return pool.preparedQuery(ORGANIZATIONS).execute(Tuple.of(personIds.toArray(new String[0]))).map(rows -> {
            Map<String, String> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("id"), r.getString("organization")));
            return out;
        });
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
