package io.cagekeeper.gateway.bench;

import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.policy.PolicyDeltas;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11's change-log benchmark, the policy half of it (no readers, no badge load): for each size,
 * a scratch database with that many persons and credentials (C1000 cards) and a tenth as many grants;
 * the start-up of a {@link PolicyHolder} (full read and compile) and its heap; then {@code revocations}
 * single-badge revocations committed straight through JDBC, each timed from the commit's return to
 * the holder having the new version in force (woken by NOTIFY, applied as a delta); a 10,000-badge
 * import in one transaction, timed the same way; and the bytes the history gained per revocation
 * (pg_total_relation_size of policy_deltas and policy_snapshots, indexes and TOAST included).
 *
 * <p>A main class, not a test: {@code java -cp ... io.cagekeeper.gateway.bench.DeltaApply 1000 100000}.
 * Needs the machine's PostgreSQL on 127.0.0.1:5432 (see {@link ScratchDatabase}).
 */
public final class DeltaApply {

    private DeltaApply() {
    }

    public static void main(String[] args) throws Exception {
        int revocations = Integer.getInteger("revocations", 1_000);
        long gapMs = Long.getLong("gapMs", 20);
        for (String a : args.length == 0 ? new String[] {"1000"} : args) {
            run(Integer.parseInt(a), revocations, gapMs);
        }
        System.exit(0);
    }

    private static void run(int size, int revocations, long gapMs) throws Exception {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            Migrations.migrate(db.endpoint());
            long seedStart = System.nanoTime();
            seed(db, size);
            System.out.printf("[bench] size %,d: seeded in %.1f s%n", size, (System.nanoTime() - seedStart) / 1e9);
            Vertx vertx = Vertx.vertx();
            PgEndpoint e = db.endpoint();
            PgConnectOptions options = new PgConnectOptions().setHost(e.host()).setPort(e.port()).setDatabase(e.database())
                    .setUser(e.user()).setPassword(e.password());
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
            PolicyHolder holder = new PolicyHolder(new PolicyStore(pool), new PolicyDeltas(pool), new SnapshotArchive(pool),
                    vertx.createSharedWorkerExecutor("policy-compiler", 1, 10, java.util.concurrent.TimeUnit.MINUTES),
                    new io.cagekeeper.gateway.access.Metrics());
            gc();
            long heapBefore = heap();
            long t0 = System.nanoTime();
            get(holder.reload());
            double startS = (System.nanoTime() - t0) / 1e9;
            gc();
            long heapAfter = heap();
            System.out.printf("[bench] size %,d: start-up (read + compile) %.2f s, heap %,d MB (before %,d MB)%n", size, startS,
                    heapAfter >> 20, heapBefore >> 20);
            get(holder.listen(vertx, options));
            holder.watch(vertx, 1_000);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // the start-up checkpoint is written asynchronously: measure the history's growth after it
                while (bytes(s, "policy_snapshots") == 0 || count(s) == 0) {
                    Thread.sleep(50);
                }
                long deltasBefore = bytes(s, "policy_deltas");
                long snapsBefore = bytes(s, "policy_snapshots");
                long loads = holder.loads();
                long[] ns = new long[revocations];
                long maxHeap = 0;
                c.setAutoCommit(false);
                for (int i = 0; i < revocations; i++) {
                    int id = 1 + (int) ((long) i * 7919 % size);
                    s.execute("UPDATE credentials SET status = 'REVOKED', status_changed_at = now(), status_changed_by = 'bench' WHERE id = 'c" + id + "'");
                    long v = version(s);
                    c.commit();
                    long committed = System.nanoTime();
                    while (holder.current().version() < v) {
                        Thread.onSpinWait();
                    }
                    ns[i] = System.nanoTime() - committed;
                    if (i % 100 == 0) {
                        maxHeap = Math.max(maxHeap, heap());
                    }
                    Thread.sleep(gapMs);
                }
                Thread.sleep(3_000); // archive rows written
                long deltas = bytes(s, "policy_deltas") - deltasBefore;
                long snaps = bytes(s, "policy_snapshots") - snapsBefore;
                Arrays.sort(ns);
                System.out.printf("[bench] size %,d: %d revocations commit -> in force: p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
                                + "full reads %d; heap used (sampled, not after GC) up to %,d MB%n", size, revocations, ns[revocations / 2] / 1e6,
                        ns[(int) (revocations * 0.99)] / 1e6, ns[revocations - 1] / 1e6, holder.loads() - loads, maxHeap >> 20);
                System.out.printf("[bench] size %,d: history per revocation: policy_deltas %,d B, policy_snapshots %,d B, total %,d B%n",
                        size, deltas / revocations, snaps / revocations, (deltas + snaps) / revocations);
                s.execute("INSERT INTO persons (id, name, type) SELECT 'pi' || g, 'Imported ' || g, 'EMPLOYEE' FROM generate_series(1, 10000) g");
                s.execute("INSERT INTO credentials (id, card, person_id, status, valid_from) SELECT 'ci' || g, 'C1000/900:' || g, 'pi' || g, "
                        + "'ACTIVE', now() - interval '1 day' FROM generate_series(1, 10000) g");
                long v = version(s);
                c.commit();
                long committed = System.nanoTime();
                while (holder.current().version() < v) {
                    Thread.onSpinWait();
                }
                System.out.printf("[bench] size %,d: 10,000-badge import (20,000 rows, one version) in force %.1f ms after the commit%n",
                        size, (System.nanoTime() - committed) / 1e6);
            }
            pool.close();
            get(vertx.close());
        }
    }

    private static void seed(ScratchDatabase db, int size) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO policy_changes (changed_by, summary) VALUES ('bench', 'seed')");
            s.execute("INSERT INTO site (id, name, time_zone) VALUES ('bench', 'Bench', 'UTC')");
            s.execute("INSERT INTO zones (id, name) VALUES ('hall', 'Hall'), ('cage', 'Cage')");
            s.execute("INSERT INTO doors (id, name, from_zone, to_zone) VALUES ('d1', 'Door', 'hall', 'cage')");
            s.execute("INSERT INTO readers (id, door_id, side) VALUES ('r1', 'd1', 'ENTRY')");
            s.execute("INSERT INTO schedules (id, name, intervals) VALUES ('always', 'Always', ARRAY['MONDAY 00:00 00:00', "
                    + "'TUESDAY 00:00 00:00', 'WEDNESDAY 00:00 00:00', 'THURSDAY 00:00 00:00', 'FRIDAY 00:00 00:00', "
                    + "'SATURDAY 00:00 00:00', 'SUNDAY 00:00 00:00'])");
            s.execute("INSERT INTO access_levels (id, name) VALUES ('cage', 'Cage')");
            s.execute("INSERT INTO access_level_doors VALUES ('cage', 'd1', 'always')");
            s.execute("INSERT INTO persons (id, name, type) SELECT 'p' || g, 'Person ' || g, 'EMPLOYEE' FROM generate_series(1, " + size + ") g");
            s.execute("INSERT INTO credentials (id, card, person_id, status, valid_from) SELECT 'c' || g, 'C1000/' || (g / 1000000) || ':' "
                    + "|| (g % 1000000), 'p' || g, 'ACTIVE', now() - interval '1 day' FROM generate_series(1, " + size + ") g");
            s.execute("INSERT INTO grants (id, person_id, access_level_id, valid_from, approved_by) SELECT 'g' || g, 'p' || (g * 10), "
                    + "'cage', now() - interval '1 day', 'desk' FROM generate_series(1, " + Math.max(1, size / 10) + ") g");
            c.commit();
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE");
        }
    }

    /** The policy version the open transaction has opened (set by the change log's triggers). */
    static long version(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT current_setting('cagekeeper.policy_version')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM policy_snapshots")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long bytes(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void gc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
    }

    private static long heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
}
