package io.cagekeeper.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end latency of the access spine (issue 4): credential publish → lock relay energised, and
 * credential publish → indication received by the reader, with the real Mosquitto (a private instance
 * with Nagle off) and the machine's PostgreSQL, at fixed open-loop rates; and, in the same run, the
 * floor it is judged against (a bare MQTT QoS 1 round trip plus a bare Modbus write). Prints the
 * numbers and the Markdown rows for BENCHMARKS.md, and checks in PostgreSQL that nothing was lost.
 *
 * <p>A main class, not a test, so {@code mvn verify} never runs it. It is bounded: each phase has a
 * fixed length, every wait has a deadline, and a watchdog halts the JVM (after its shutdown hook has
 * stopped Mosquitto and dropped the scratch database) if the run overstays its budget. It ends with
 * {@code System.exit} because the Paho and Vert.x threads of a run would otherwise keep
 * {@code exec:java} waiting. Exit code 0: ran and nothing lost; 1: something lost or missing; 2: bad
 * arguments or a failed start.
 */
public final class EndToEndLatency {

    private EndToEndLatency() {
    }

    public static void main(String[] args) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int code;
        try {
            code = run(o);
        } catch (Exception e) {
            System.err.println("[bench] failed: " + e);
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    private static int run(BenchOptions o) throws Exception {
        Path dir = Files.createTempDirectory("cagekeeper-bench");
        Watchdog.arm(o.budgetSeconds());
        System.out.printf(Locale.ROOT, "[bench] %s: %d modules, %d doors/readers, rates %s, %s; started %s%n",
                EndToEndLatency.class.getSimpleName(), o.modules(), o.doors(), o.rates(),
                o.sustainedMinutes() > 0 ? "last rate for " + o.sustainedMinutes() + " min" : o.seconds() + " s each",
                Instant.now());
        try (PrivateMosquitto broker = PrivateMosquitto.start(dir); ScratchDatabase db = ScratchDatabase.create()) {
            Watchdog.onHalt(broker::close, db::close);
            boolean allKept = true;
            List<String> rows = new ArrayList<>();
            try (BenchCage cage = BenchCage.start(o, broker.uri(), db, dir)) {
                long sentSoFar = 0;
                if (o.warmupSeconds() > 0) {
                    // JIT compilation of the whole spine (gateway, MQTT, j2mod, pg client) costs most of a core
                    // for tens of seconds; measured phases start after it, as JMH's warm-up iterations do. The
                    // rate ramps up (a quarter, half, then the top rate, a third of the time each): a cold JVM
                    // at the full rate builds a backlog of seconds that it then spends the warm-up draining.
                    int top = o.rates().stream().mapToInt(Integer::intValue).max().orElse(100);
                    System.out.printf(Locale.ROOT, "[bench] warm-up up to %d/s for %d s (not measured; loss still checked)%n",
                            top, o.warmupSeconds());
                    for (int step = 1; step <= 3; step++) {
                        int rate = Math.max(1, step == 3 ? top : top * step / 4);
                        int seconds = Math.max(1, o.warmupSeconds() / 3);
                        LoadPhase.Result w = new LoadPhase(cage, rate, seconds).run();
                        sentSoFar += w.sent();
                        LossCheck.Verdict v = LossCheck.check(db, w.keys());
                        boolean kept = v.nothingLost(w.sent(), sentSoFar) && w.indicationsMissing() == 0 && w.notGranted() == 0;
                        allKept &= kept;
                        System.out.printf(Locale.ROOT, "[bench] warm-up %d/s sent=%d stored=%d lost=%s; %s%n", rate, w.sent(),
                                v.stored(), kept ? "0" : "YES", w.indication().line());
                    }
                }
                for (int p = 0; p < o.rates().size(); p++) {
                    int rate = o.rates().get(p);
                    Floor floor = Floor.measure(broker.uri(), o.floorRate(), o.floorSeconds());
                    floor.lines().forEach(l -> System.out.println("[bench] " + l));
                    rows.addAll(floor.rows());
                    CpuProfile profile = new CpuProfile(broker.pid());
                    profile.start();
                    System.out.printf(Locale.ROOT, "[bench] phase %d/s for %d s%n", rate, o.secondsOf(p));
                    LoadPhase.Result r = new LoadPhase(cage, rate, o.secondsOf(p)).run();
                    profile.report().forEach(l -> System.out.println("[bench] " + l));
                    sentSoFar += r.sent();
                    LossCheck.Verdict v = LossCheck.check(db, r.keys());
                    boolean kept = v.nothingLost(r.sent(), sentSoFar) && r.indicationsMissing() == 0 && r.notGranted() == 0;
                    allKept &= kept;
                    if (v.logGaps() + v.rejected() > 0) {
                        LossCheck.anomalies(db).forEach(a -> System.out.println("[bench] anomaly: " + a));
                    }
                    Latencies delivery = r.delivery(LossCheck.receivedAtEpochNanos(db, r.keys()));
                    System.out.println("[bench] " + delivery.line() + "  (broker delivery only)");
                    System.out.println("[bench] " + r.relay().line());
                    System.out.println("[bench] " + r.indication().line());
                    System.out.println("[bench] " + r.indicationFromActualSend().line() + "  (from the actual send: without the load generator's own lateness)");
                    if (r.indicationPerMinute().size() > 1) {
                        r.indicationPerMinute().forEach(m -> System.out.println("[bench] " + m.line()));
                    }
                    System.out.printf(Locale.ROOT, "[bench] sent=%d stored=%d distinct=%d granted=%d accessRowsTotal=%d/%d "
                                    + "logGaps=%d rejected=%d indicationsMissing=%d notGranted=%d relayUnmatched=%d "
                                    + "worstSendSlip=%.1f ms lost=%s%n",
                            r.sent(), v.stored(), v.distinct(), v.granted(), v.accessRowsTotal(), sentSoFar, v.logGaps(),
                            v.rejected(), r.indicationsMissing(), r.notGranted(), r.relayUnmatched(), r.sendSlipMs(),
                            kept ? "0" : "YES");
                    System.out.printf(Locale.ROOT, "[bench] p99 indication / floor p99 = %.1fx (target <= 3x); "
                                    + "/ quiet-machine floor p99 %.1f ms = %.1fx%n",
                            r.indication().ms(99) / floor.ms(99), Floor.QUIET_P99_MS, r.indication().ms(99) / Floor.QUIET_P99_MS);
                    rows.add(delivery.row());
                    rows.add(r.relay().row());
                    rows.add(r.indication().row());
                    rows.add(r.indicationFromActualSend().row());
                }
            }
            System.out.println("[bench] Markdown rows (path | n | p50 | p99 | p99.9 | max, ms):");
            rows.forEach(System.out::println);
            System.out.println("[bench] nothing lost: " + allKept + "; finished " + Instant.now());
            return allKept ? 0 : 1;
        }
    }
}
