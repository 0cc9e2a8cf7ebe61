package io.cagekeeper.cli;

import io.cagekeeper.gateway.access.DecisionRecords;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.policy.decision.AccessRequest;
import io.cagekeeper.policy.decision.CardRead;
import io.cagekeeper.policy.decision.Result;
import io.cagekeeper.policy.engine.Outcome;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.AccessLevel;
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
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.state.EngineState;
import io.cagekeeper.reconciliation.ScenarioDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Adds to a scenario loaded into a Cagekeeper database ({@link ScenarioDatabase}) what only the gateway
 * writes: its policy versions ({@code policy_snapshots}) and a decision record for every logged decision
 * ({@code decision_records}), written with the gateway's own {@link SnapshotArchive} and
 * {@link DecisionRecords} and decided by the policy engine the gateway runs, in the log's order and from
 * one evolving engine state, as the gateway would have; then the scenario's labelled drifts
 * ({@code policy_drift.csv}) are applied as the edits they describe. The simulators choose and label the
 * drifts but cannot write these tables (they depend on nothing of ours): this is the gateway's side.
 *
 * <p>The policy of every version is the one the gateway enforced in the scenario: its zones, doors and
 * readers as loaded, every non-visitor's badge active, and each person granted, at all times, the doors
 * the log shows their badge opened. What the reconciler holds against those passages (no approval,
 * terminated, out of window) is the approvals' and the roster's story, not the live policy's. A decision
 * the engine does not make as the log says it was made fails the load: the loader never records one.
 */
final class ScenarioDecisions {

    private static final String LIVE_POLICY = "approval:scenario-live-policy";
    private static final long TIMEOUT_S = 60;

    private ScenarioDecisions() {
    }

    /** One logged decision of the scenario's events, in the log's order. */
    private record Logged(long id, Instant at, String reader, String card, String person, boolean granted, long version) {
    }

    /** Writes the policy versions and decision records of the scenario in {@code files}, then applies its drifts. */
    static void write(ScenarioDatabase db, Path files, ZoneId zone) throws IOException, SQLException {
        List<Logged> logged = logged(files);
        Map<Long, Instant> versions = versions(files);
        PolicyData data;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
            data = livePolicy(c, files, zone, logged);
        }
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(new PgConnectOptions().setHost(db.host())
                    .setPort(db.port()).setDatabase(db.database()).setUser("postgres").setPassword("")).using(vertx).build();
            Map<Long, PolicySnapshot> snapshots = archive(new SnapshotArchive(pool), data, versions);
            record(new DecisionRecords(pool), snapshots, logged);
        } finally {
            await(vertx.close());
        }
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
            applyDrifts(c, rows(files, "policy_drift"));
        }
    }

    /** Every version of the ACL change log stored as it came into force, each compiled from the live policy. */
    private static Map<Long, PolicySnapshot> archive(SnapshotArchive archive, PolicyData data, Map<Long, Instant> versions) {
        Map<Long, PolicySnapshot> out = new TreeMap<>();
        versions.forEach((version, at) -> {
            PolicySnapshot snapshot = PolicySnapshot.compile(version, data);
            await(archive.record(snapshot, data, at));
            out.put(version, snapshot);
        });
        return out;
    }

    /** Decides every logged decision with the engine, as the gateway did, and stores its record. */
    private static void record(DecisionRecords records, Map<Long, PolicySnapshot> snapshots, List<Logged> logged) {
        PolicyEngine engine = new PolicyEngine();
        EngineState state = EngineState.initial();
        List<Future<Void>> stored = new ArrayList<>();
        for (Logged l : logged) {
            PolicySnapshot snapshot = snapshots.get(l.version());
            AccessRequest request = new AccessRequest(l.reader(), new CardRead.Decoded(CardNumber.parse(l.card())), null, null, l.at());
            Outcome outcome = engine.decide(snapshot, state, request);
            Result expected = l.granted() ? Result.GRANT : Result.DENY;
            if (outcome.decision().result() != expected) {
                throw new IllegalStateException("the live policy decides event " + l.id() + " " + outcome.decision()
                        + ", the log says " + expected);
            }
            stored.add(records.store(ScenarioDatabase.eventKey(l.id()), RecordedDecision.of(request, state, outcome, snapshot)));
            state = outcome.next();
        }
        await(Future.all(stored));
    }

    /** The edits of {@code policy_drift.csv}, each of exactly the row it names. */
    private static void applyDrifts(Connection c, List<Map<String, String>> drifts) throws SQLException {
        for (Map<String, String> d : drifts) {
            String key = d.get("event") == null ? null : ScenarioDatabase.eventKey(Long.parseLong(d.get("event")));
            int changed = switch (d.get("kind")) {
                case "decision-flipped" -> update(c, "UPDATE decision_records SET decision = jsonb_set(decision, '{result}', "
                        + "'\"DENY\"') WHERE event_key = ? AND decision ->> 'result' = 'GRANT'", key);
                case "record-missing" -> update(c, "DELETE FROM decision_records WHERE event_key = ?", key);
                case "other-version" -> update(c, "UPDATE decision_records SET snapshot_version = " + Long.parseLong(d.get("version"))
                        + " WHERE event_key = ?", key);
                case "archive-edited" -> update(c, "UPDATE policy_snapshots SET content_hash = md5(content_hash) WHERE version = "
                        + Long.parseLong(d.get("version")), null);
                default -> throw new IllegalArgumentException("policy_drift.csv: unknown kind " + d.get("kind"));
            };
            if (changed != 1) {
                throw new IllegalStateException("drift " + d + " changed " + changed + " rows");
            }
        }
    }

    private static int update(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (key != null) {
                ps.setString(1, key);
            }
            return ps.executeUpdate();
        }
    }

    /**
     * The policy the scenario's gateway enforced: the loaded zones, doors and readers, the non-visitors
     * with their badges active and no termination known yet (the HR feed is late), and for each person
     * an access level of every door their badge opened in the log, granted for the whole period.
     */
    private static PolicyData livePolicy(Connection c, Path files, ZoneId zone, List<Logged> logged) throws SQLException, IOException {
        Map<String, TreeSet<String>> doorsOpened = new TreeMap<>();
        Map<String, String> doorOfReader = new TreeMap<>();
        List<Reader> readers = new ArrayList<>();
        try (ResultSet r = c.createStatement().executeQuery("SELECT id, door_id, side FROM readers ORDER BY id")) {
            while (r.next()) {
                readers.add(new Reader(r.getString(1), r.getString(2), ReaderSide.valueOf(r.getString(3))));
                doorOfReader.put(r.getString(1), r.getString(2));
            }
        }
        Instant first = logged.get(0).at();
        for (Logged l : logged) {
            if (l.granted()) {
                doorsOpened.computeIfAbsent(l.person(), k -> new TreeSet<>()).add(doorOfReader.get(l.reader()));
            }
        }
        List<Person> persons = new ArrayList<>();
        TreeSet<String> visitors = new TreeSet<>();
        for (Map<String, String> p : rows(files, "persons")) {
            PersonType type = PersonType.valueOf(p.get("type"));
            if (type == PersonType.VISITOR) {
                visitors.add(p.get("id"));
            } else {
                persons.add(new Person(p.get("id"), p.get("name"), type, null));
            }
        }
        List<Credential> credentials = new ArrayList<>();
        for (Map<String, String> k : rows(files, "credentials")) {
            if (!visitors.contains(k.get("person"))) {
                credentials.add(new Credential(k.get("id"), CardNumber.parse(k.get("card")), k.get("person"), CredentialStatus.ACTIVE,
                        OffsetDateTime.parse(k.get("valid_from")).toInstant(), null, null, null, null));
            }
        }
        List<AccessLevel> levels = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        doorsOpened.forEach((person, doors) -> {
            levels.add(new AccessLevel("live-" + person, "Doors of " + person, doors.stream().map(d -> new DoorSchedule(d, "always")).toList()));
            grants.add(new Grant("live-" + person, person, "live-" + person, first, null, LIVE_POLICY));
        });
        return new PolicyData(new Site("fra-1", "Scenario site", zone), zones(c), doors(c), readers, persons, credentials,
                List.of(Schedule.always("always")), levels, grants);
    }

    private static List<Zone> zones(Connection c) throws SQLException {
        List<Zone> out = new ArrayList<>();
        try (ResultSet r = c.createStatement().executeQuery("SELECT id, name, parent_id FROM zones ORDER BY id")) {
            while (r.next()) {
                out.add(new Zone(r.getString(1), r.getString(2), r.getString(3)));
            }
        }
        return out;
    }

    private static List<Door> doors(Connection c) throws SQLException {
        List<Door> out = new ArrayList<>();
        try (ResultSet r = c.createStatement().executeQuery("SELECT id, name, from_zone, to_zone, interlock_group FROM doors ORDER BY id")) {
            while (r.next()) {
                out.add(new Door(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
            }
        }
        return out;
    }

    /** The events naming a policy version (the decisions the gateway logged), in the file's (at, id) order. */
    private static List<Logged> logged(Path files) throws IOException {
        List<Logged> out = new ArrayList<>();
        for (Map<String, String> e : rows(files, "events")) {
            if (e.get("snapshot_version") != null) {
                out.add(new Logged(Long.parseLong(e.get("id")), OffsetDateTime.parse(e.get("at")).toInstant(), e.get("device"),
                        e.get("card"), e.get("person"), "ACCESS_GRANTED".equals(e.get("type")), Long.parseLong(e.get("snapshot_version"))));
            }
        }
        return out;
    }

    /** The policy versions (the ACL change log's sequence numbers) and when each came into force. */
    private static Map<Long, Instant> versions(Path files) throws IOException {
        Map<Long, Instant> out = new TreeMap<>();
        for (Map<String, String> a : rows(files, "acl_changes")) {
            out.put(Long.parseLong(a.get("seq")), OffsetDateTime.parse(a.get("at")).toInstant());
        }
        return out;
    }

    private static List<Map<String, String>> rows(Path dir, String table) throws IOException {
        return ScenarioDatabase.rows(dir, table);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("scenario decisions: " + e.getMessage(), e);
        }
    }
}
