package io.cagekeeper.gateway.bench;

import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.tlog.CheckpointPublisher;
import io.cagekeeper.gateway.tlog.LogAppender;
import io.cagekeeper.gateway.tlog.LogProofs;
import io.cagekeeper.gateway.tlog.LogVerifier;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The verifiable log's own costs, on the machine's PostgreSQL (a scratch database, dropped after):
 * <ol>
 *   <li>append: {@code events} rows inserted in bulk (the triggers fill the inbox), then the appender's
 *       drain timed: leaves a second;</li>
 *   <li>inclusion proofs: {@code proofs} random events, each proof served as the API serves it (one leaf
 *       query, one node query): latency percentiles;</li>
 *   <li>verify-log of the whole log against its checkpoint, four times (two reading connections, one, two, one): rows a second.</li>
 * </ol>
 * The badge path with the appender running is EndToEndLatency's (its gateway runs the log). A main
 * class in the test sources, never run by {@code mvn verify}. Usage: {@code LogBenchmark [events] [proofs]}.
 */
public final class LogBenchmark {

    private static final String EVENTS = """
            INSERT INTO events (event_key, type, source, door_id, device_seq, received_at, card, person_id, result, reasons,
                                decided_by, snapshot_version, sentence, detail)
            SELECT 'bench-' || g, 'ACCESS_GRANTED', 'reader:r' || (g % 64), 'd' || (g % 32), g, now(), '18:' || (g % 100000),
                   'p-' || (g % 100000), 'GRANT', ARRAY['ACCESS_LEVEL_GRANTED'], 'grant:g-1', 1, 'Granted: p-' || (g % 100000),
                   jsonb_build_object('side', 'ENTRY')
            FROM generate_series(?::bigint, ?::bigint) AS g
            """;

    private LogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int proofs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String existing = System.getProperty("bench.database"); // -Dbench.database=NAME: its events and log as they are
        try (ScratchDatabase db = existing == null ? ScratchDatabase.create() : ScratchDatabase.existing(existing)) {
            Migrations.migrate(db.endpoint());
            Vertx vertx = Vertx.vertx();
            var e = db.endpoint();
            // as the gateway's log pool: prepared statements cached, sessions in UTC (a proof is then one statement)
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(LogProofs.utcSessions(new PgConnectOptions()
                    .setHost(e.host()).setPort(e.port()).setDatabase(e.database()).setUser(e.user()).setPassword(e.password())
                    .setCachePreparedStatements(true).addProperty("jit", "off"))).using(vertx).build(); // jit off: as the gateway's
            try {
                run(db, vertx, pool, events, proofs, existing == null);
            } finally {
                pool.close().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(ScratchDatabase db, Vertx vertx, Pool pool, long events, int proofs, boolean load) throws Exception {
        if (load) {
            try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement(EVENTS)) {
                for (long from = 1; from <= events; from += 100_000) {
                    p.setLong(1, from);
                    p.setLong(2, Math.min(events, from + 99_999));
                    p.execute();
                }
            }
            System.out.printf("inserted %,d events (the inbox holds them)%n", events);
        }

        LogAppender log = new LogAppender(vertx, pool);
        log.load().await(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        log.drain().await(1, TimeUnit.HOURS);
        double appendS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("append: %,d leaves in %.1f s = %,.0f leaves/s (batches of 5,000, one transaction each)%n",
                log.head().size(), appendS, log.head().size() / appendS);

        NoteKey key = NoteKey.generate("cagekeeper/bench");
        CheckpointPublisher checkpoints = new CheckpointPublisher(vertx, pool, log, "cagekeeper/bench", List.of(key),
                Files.createTempDirectory("log-bench"), io.cagekeeper.gateway.tlog.CheckpointStamps.off(vertx, pool));
        checkpoints.start(3_600_000).await(10, TimeUnit.SECONDS);
        LogProofs served = new LogProofs(pool, log, checkpoints);
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        Random random = new Random(14);
        for (int i = 0; i < proofs; i++) {
            long id = 1 + (long) (random.nextDouble() * events);
            long s = System.nanoTime();
            served.inclusion("event", id, null).await(10, TimeUnit.SECONDS);
            if (i >= proofs / 10) { // the first tenth warms up
                h.recordValue(System.nanoTime() - s);
            }
        }
        System.out.printf("inclusion proof (as served, one client): p50 %.3f ms, p99 %.3f ms, max %.3f ms over %,d%n",
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6, h.getTotalCount());

        // twice each way, alternating (the first run also warms the JIT): reading on two connections, as verify-log
        // and the API do, and on one
        int runs = Integer.getInteger("bench.verifyRuns", 4); // -Dbench.verifyRuns=2: once each way (10M rows a run)
        for (int run = 0; run < runs; run++) {
            boolean two = run % 2 == 0;
            long v0 = System.nanoTime();
            LogVerifier.Report r;
            try (Connection c = db.connect()) {
                // this run's checkpoint (a kept database also holds an earlier run's, signed by another key)
                String note = checkpoints.latest();
                r = two ? new LogVerifier(key).verify(c, db::connect, note, 0, Long.MAX_VALUE)
                        : new LogVerifier(key).verify(c, note, 0, Long.MAX_VALUE);
            }
            double verifyS = (System.nanoTime() - v0) / 1e9;
            System.out.printf("verify-log (%s): %,d rows in %.1f s = %,.0f rows/s, %s%n", two ? "two connections" : "one connection",
                    r.rowsChecked(), verifyS, r.rowsChecked() / verifyS, r.ok() ? "OK" : "FAILED: " + r.first());
        }
    }
}
