package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.ApbMode;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Restriction;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Visit;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.policy.model.ZonePolicy;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change log (V13) and the incremental apply: a committed change reaches the gateway as the rows
 * it changed and is patched into the snapshot (no full read), whether it came through the gateway or
 * straight through SQL; a gap in the log sends the gateway back to a full read; after every one of a
 * random sequence of changes the patched snapshot equals one compiled from a full read, every version
 * rebuilt from the archive's checkpoint and deltas equals the one that was in force, decisions made
 * along the way replay identically, and no PIN hash is kept in the history.
 */
class PolicyDeltaIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    private static io.cagekeeper.gateway.policy.PolicyHolder holder() {
        return env.cage().gateway.policy();
    }

    private static long version() {
        return holder().current().version();
    }

    private static String present(int number) {
        String id = env.cage().reader.presentCard(Card.h10301(18, number), null);
        return env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result).orElse("no answer");
    }

    private static void sql(String... statements) throws Exception {
        var db = env.cage().ownerDb();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String st : statements) {
                s.execute(st);
            }
            c.commit();
        }
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static long storeVersion() throws Exception {
        return await(env.cage().gateway.policyStore().version());
    }

    /** Waits until the gateway's snapshot is at the stored version. */
    private static void inForce(long v) {
        Await.until(Duration.ofSeconds(5), "version " + v + " in force", () -> version() >= v);
    }

    /** Person p-{name} with an active badge c-{name} (card 18:{card}), granted the cage or not; returns the card number. */
    private static int enrol(String name, int card, boolean granted) throws Exception {
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS);
        List<PolicyStore.Statement> s = new ArrayList<>(List.of(
                PolicyStore.upsertPerson(new Person("p-" + name, name, PersonType.EMPLOYEE, null)),
                PolicyStore.upsertCredential(new Credential("c-" + name, CardNumber.h10301(18, card), "p-" + name,
                        CredentialStatus.ACTIVE, from, null, null, null, null))));
        if (granted) {
            s.add(PolicyStore.upsertGrant(new Grant("g-" + name, "p-" + name, "cage", from, null, "desk")));
        }
        env.cage().change(s);
        return card;
    }

    @Test
    void aRevocationThroughTheApiIsPatchedInNotReloadedAndRefusedAtTheReader() throws Exception {
        int card = enrol("rex", 42_001, true);
        assertThat(present(card)).isEqualTo("GRANT");
        long loads = holder().loads();
        long patches = holder().patches();
        ApiClient facilities = ApiClient.user(() -> env.cage().gateway, "fac-delta", null, io.cagekeeper.gateway.auth.Role.FACILITIES);
        long before = version();
        facilities.json(facilities.post("/api/credentials/c-rex/revoke", new JsonObject().put("reason", "left").encode()), 200);
        inForce(before + 1);
        assertThat(present(card)).isEqualTo("DENY");
        assertThat(holder().loads()).as("full reads").isEqualTo(loads);
        assertThat(holder().patches()).as("versions patched in").isGreaterThan(patches);
        assertThat(env.cage().query("SELECT tbl, op, image->>'status' AS status FROM policy_deltas WHERE version = "
                + version() + " AND tbl = 'credentials'")).containsExactly(Map.of("tbl", "credentials", "op", "U", "status", "REVOKED"));
        // what the history keeps for it: its logged rows and its archive row (hash and time; no data between checkpoints)
        long v = version();
        Await.until(Duration.ofSeconds(5), "version archived", () -> !env.cage().query(
                "SELECT 1 FROM policy_snapshots WHERE version = " + v).isEmpty());
        var stored = env.cage().query("SELECT (SELECT coalesce(sum(pg_column_size(d.*)), 0) FROM policy_deltas d WHERE version = " + v
                + ") AS deltas, (SELECT pg_column_size(s.*) FROM policy_snapshots s WHERE version = " + v + ") AS snapshot, "
                + "(SELECT pg_column_size(c.*) FROM policy_changes c WHERE version = " + v + ") AS change, "
                + "(SELECT data IS NULL FROM policy_snapshots WHERE version = " + v + ") AS no_data").get(0);
        long bytes = ((Number) stored.get("deltas")).longValue() + ((Number) stored.get("snapshot")).longValue();
        System.out.println("[it] a single-badge revocation keeps " + bytes + " bytes of history (tuples, without index entries): " + stored);
        assertThat(stored.get("no_data")).as("not a checkpoint").isEqualTo(true);
        assertThat(bytes).as("bytes of history per single-badge change").isLessThan(2_048);
    }

    @Test
    void aGapInTheChangeLogMakesTheGatewayReadTheWholePolicyAndDecideRight() throws Exception {
        int card = enrol("gap", 42_002, true);
        assertThat(present(card)).isEqualTo("GRANT");
        long loads = holder().loads();
        long gaps = holder().gaps();
        // a change whose logged row is lost: the owner deletes it inside the same transaction, after the
        // version counted its one row and before the commit, so no reader ever sees it
        sql("UPDATE credentials SET status = 'SUSPENDED', status_changed_at = now(), status_changed_by = 'it' WHERE id = 'c-gap'",
                "SET CONSTRAINTS policy_changes_count IMMEDIATE", // the version records its one row now
                "DELETE FROM policy_deltas WHERE version = current_setting('cagekeeper.policy_version')::bigint");
        inForce(storeVersion());
        assertThat(holder().gaps()).as("gaps seen").isGreaterThan(gaps);
        assertThat(holder().loads()).as("full reads").isGreaterThan(loads);
        assertThat(present(card)).isEqualTo("DENY");
        assertThat(holder().current().contentHash()).isEqualTo(fresh().contentHash());
    }

    @Test
    void aRawSqlWriteWithoutAPolicyChangeRowIsLoggedAndPickedUp() throws Exception {
        int card = enrol("raw", 42_003, false);
        assertThat(present(card)).isEqualTo("DENY");
        long loads = holder().loads();
        long before = version();
        sql("INSERT INTO grants (id, person_id, access_level_id, valid_from, approved_by) VALUES ('g-raw', 'p-raw', 'cage', now() - interval '1 hour', 'dba')");
        inForce(before + 1);
        assertThat(present(card)).isEqualTo("GRANT");
        assertThat(holder().loads()).as("full reads").isEqualTo(loads);
        var change = env.cage().query("SELECT changed_by, delta_rows FROM policy_changes WHERE version = " + version()).get(0);
        assertThat((String) change.get("changed_by")).startsWith("sql:");
        assertThat(change.get("delta_rows")).isEqualTo(1);
    }

    /** The policy compiled from a full read of the tables now. */
    private static PolicySnapshot fresh() throws Exception {
        var loaded = await(env.cage().gateway.policyStore().load());
        return PolicySnapshot.compile(loaded.version(), loaded.data());
    }

    @Test
    void afterEachOfRandomChangesThePatchedSnapshotEqualsAFreshCompileAndHistoryAndReplayAgree() throws Exception {
        Random random = new Random(11);
        Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        PolicyStore store = env.cage().gateway.policyStore();
        env.cage().change(List.of(PolicyStore.upsertSchedule(Schedule.always("s-prop")),
                PolicyStore.upsertZone(new Zone("z-prop", "Prop zone", "hall"))));
        Map<Long, PolicySnapshot> live = new LinkedHashMap<>();
        List<Map<String, Object>> decisions = new ArrayList<>();
        long loads = holder().loads();
        java.util.Set<Integer> applied = new java.util.TreeSet<>();
        for (int i = 0; i < 60; i++) {
            String p = "p-prop" + random.nextInt(8);
            String c = "c-prop" + random.nextInt(8);
            int op = random.nextInt(12);
            List<PolicyStore.Statement> s = new ArrayList<>();
            s.add(PolicyStore.upsertPerson(new Person(p, "Person " + i, PersonType.values()[random.nextInt(2)],
                    random.nextInt(6) == 0 ? t0 : null)));
            switch (op) {
                case 0, 1 -> s.add(PolicyStore.upsertCredential(new Credential(c + "-" + p, CardNumber.h10301(19, 1000 + i), p,
                        CredentialStatus.ACTIVE, t0, random.nextBoolean() ? null : t0.plus(Duration.ofDays(3)), null, null,
                        random.nextBoolean() ? "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$prop" + i : null)));
                case 2 -> s.add(new PolicyStore.Statement("UPDATE credentials SET status = $2, status_changed_at = now() WHERE id LIKE $1",
                        Tuple.of("c-prop%", CredentialStatus.values()[random.nextInt(3)].name())));
                case 3 -> s.add(PolicyStore.upsertGrant(new Grant("g-prop" + random.nextInt(6), p, "cage", t0, null, "desk")));
                case 4 -> s.add(new PolicyStore.Statement("UPDATE grants SET state = 'REVOKED', revoked_by = 'it', revoked_at = now() WHERE id = $1",
                        Tuple.of("g-prop" + random.nextInt(6))));
                case 5 -> s.add(PolicyStore.upsertVisit(new Visit("v-prop" + random.nextInt(4), p, "z-prop", t0,
                        t0.plus(Duration.ofHours(5)), null, "desk")));
                case 6 -> s.add(new PolicyStore.Statement("UPDATE visits SET state = 'CHECKED_OUT', checked_out_at = now(), "
                        + "checked_out_by = 'it', checked_in_at = coalesce(checked_in_at, now()), checked_in_by = coalesce(checked_in_by, 'it'), "
                        + "id_document_type = coalesce(id_document_type, 'PASSPORT') WHERE id = $1", Tuple.of("v-prop" + random.nextInt(4))));
                case 7 -> s.add(PolicyStore.upsertZonePolicy(new ZonePolicy("z-prop", ApbMode.values()[random.nextInt(3)], 5, 0)));
                case 8 -> s.addAll(PolicyStore.putAccessLevel(new AccessLevel("l-prop", "Level " + i,
                        random.nextBoolean() ? List.of(new DoorSchedule("d1", "s-prop")) : List.of())));
                case 9 -> s.add(PolicyStore.putDoorMode(new DoorModeRule("d1", DoorMode.CARD_ONLY, "s-prop")));
                case 10 -> s.add(PolicyStore.upsertRestriction(new Restriction("x-prop" + random.nextInt(3), p, "z-prop", t0, null,
                        "reason " + i, "desk")));
                default -> s.add(PolicyStore.putSettings(1 + random.nextInt(5), 5 + random.nextInt(20)));
            }
            long v;
            try {
                v = await(store.change("it", "random change " + i, s));
            } catch (Exception e) {
                continue; // a change the schema refuses (a check constraint): rolled back, no version
            }
            applied.add(op);
            inForce(v);
            PolicySnapshot patched = holder().current();
            PolicySnapshot full = fresh();
            assertThat(patched.version()).isEqualTo(full.version());
            assertThat(patched.data()).as("data after change " + i).isEqualTo(full.data());
            assertThat(patched.contentHash()).as("hash after change " + i).isEqualTo(full.contentHash());
            live.put(v, patched);
            if (i % 10 == 0) {
                String msgId = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
                env.cage().reader.awaitIndication(msgId, Duration.ofSeconds(5));
                decisions.add(env.cage().decisionEvent(msgId));
            }
        }
        assertThat(holder().loads()).as("full reads during the changes").isEqualTo(loads);
        assertThat(live).hasSizeGreaterThan(30);
        assertThat(applied).as("kinds of change committed").hasSize(12);

        SnapshotArchive archive = new SnapshotArchive(env.cage().gateway.pool());
        for (var e : live.entrySet()) {
            Optional<SnapshotArchive.Archived> a = await(archive.load(e.getKey()));
            assertThat(a).as("version " + e.getKey() + " archived").isPresent();
            var expected = SnapshotArchive.withoutPinHashes(e.getValue().data());
            assertThat(a.get().snapshot().data()).as("version " + e.getKey() + " rebuilt").isEqualTo(expected);
            assertThat(a.get().snapshot().contentHash()).isEqualTo(a.get().storedHash());
        }
        for (Map<String, Object> d : decisions) {
            JsonObject r = env.cage().replay(d);
            assertThat(r.getBoolean("identical")).as(r.encode()).isTrue();
        }
        // an edited row of the log is found when a version after it is rebuilt
        List<Long> versions = new ArrayList<>(live.keySet());
        var row = env.cage().query("SELECT seq, image::text AS image FROM policy_deltas WHERE version = "
                + versions.get(versions.size() / 2) + " ORDER BY seq LIMIT 1").get(0);
        String restore = "UPDATE policy_deltas SET image = '" + ((String) row.get("image")).replace("'", "''") + "'::jsonb WHERE seq = "
                + row.get("seq") + " RETURNING seq";
        env.cage().query("UPDATE policy_deltas SET image = image || '{\"forged\": true}' WHERE seq = " + row.get("seq") + " RETURNING seq");
        try {
            assertThat(await(new SnapshotArchive(env.cage().gateway.pool()).load(versions.get(versions.size() - 1)))
                    .orElseThrow().storedHash()).startsWith("unverified:");
        } finally {
            env.cage().query(restore);
        }
        assertThat(await(new SnapshotArchive(env.cage().gateway.pool()).load(versions.get(versions.size() - 1)))
                .orElseThrow().storedHash()).doesNotStartWith("unverified:");
        assertThat(env.cage().query("SELECT count(*) AS n FROM policy_deltas WHERE image ? 'pin_hash' OR image::text LIKE '%argon2%'"))
                .containsExactly(Map.of("n", 0L));
        assertThat(env.cage().query("SELECT count(*) AS n FROM policy_snapshots WHERE data LIKE '%argon2%'"))
                .containsExactly(Map.of("n", 0L));
        var bytes = env.cage().query("""
                SELECT avg(pg_column_size(d.image) + 60)::bigint AS row_bytes FROM policy_deltas d
                WHERE d.tbl = 'credentials' AND d.op = 'U'
                """).get(0);
        System.out.println("[it] change log: " + bytes + " (image + row overhead) per credential row; policy_deltas total "
                + env.cage().query("SELECT pg_total_relation_size('policy_deltas') AS b, count(*) AS n FROM policy_deltas").get(0));
    }
}
