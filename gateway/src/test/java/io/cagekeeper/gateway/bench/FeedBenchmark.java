package io.cagekeeper.gateway.bench;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The live feed under badge load (BENCHMARKS.md, "Live event feed"): badges at a rate with no console open,
 * then the same rate with N consoles on {@code GET /api/events/stream?follow=true}; each console must receive
 * every event stored during the phase, in the order of their ids, each within 1 s of the gateway receiving it
 * (the event's receivedAt to the console's read); and the badge path's p99 (publish → indication) with the
 * consoles open is compared with its p99 without. Phases by default: 100/s with 20 consoles, 1,000/s with 5,
 * 60 s each. A main class in the test sources, run by {@code ./bench-feed.sh}; bounded by a watchdog.
 */
public final class FeedBenchmark {

    private FeedBenchmark() {
    }

    record Phase(int rate, int consoles) {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Exception e) {
            System.err.println("[bench] failed: " + e);
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    private static int run(String[] args) throws Exception {
        int seconds = 60;
        List<Phase> phases = new ArrayList<>(List.of(new Phase(100, 20), new Phase(1000, 5)));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--phases" -> {
                    phases.clear();
                    for (String p : args[++i].split(",")) {
                        String[] rc = p.split("x");
                        phases.add(new Phase(Integer.parseInt(rc[0]), Integer.parseInt(rc[1])));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--seconds N, --phases 100x20,1000x5)");
            }
        }
        Watchdog.arm(300L + 4L * seconds * phases.size());
        say("FeedBenchmark: phases %s, %d s each; started %s", phases, seconds, Instant.now());
        Path dir = Files.createTempDirectory("cagekeeper-feedbench");
        List<String> rows = new ArrayList<>();
        try (PrivateMosquitto broker = PrivateMosquitto.start(dir); ScratchDatabase db = ScratchDatabase.create()) {
            Watchdog.onHalt(broker::close, db::close);
            BenchOptions cageOptions = BenchOptions.parse(new String[] {"--warmupSeconds", "0"});
            try (BenchCage cage = BenchCage.start(cageOptions, broker.uri(), db, dir)) {
                Gateway g = cage.gateway();
                String token = BenchCage.await(g.tokens().issue(g.pool(), "feed-bench", EnumSet.of(Role.AUDITOR), "system:bench", null), 10).token();
                String base = "http://127.0.0.1:" + g.httpPort();
                for (Phase p : phases) {
                    say("badges alone: %d/s for %d s", p.rate(), seconds);
                    LoadPhase.Result alone = new LoadPhase(cage, p.rate(), seconds).run();
                    say("%s", alone.indication().line());
                    long before = lastId(db);
                    List<Console> consoles = new ArrayList<>();
                    for (int i = 0; i < p.consoles(); i++) {
                        consoles.add(Console.open(base, token, before));
                    }
                    say("badges with %d consoles: %d/s for %d s", p.consoles(), p.rate(), seconds);
                    LoadPhase.Result loaded = new LoadPhase(cage, p.rate(), seconds).run();
                    Thread.sleep(2000);
                    long after = lastId(db);
                    long stored = count(db, before, after);
                    Latencies all = new Latencies("stored → console");
                    long missing = 0;
                    long disorder = 0;
                    long late = 0;
                    for (Console c : consoles) {
                        c.close();
                        missing += stored - c.received(after);
                        disorder += c.outOfOrder;
                        late += c.late;
                        c.latencies.forEach(all::recordNanos);
                    }
                    double ratio = loaded.indication().ms(99) / alone.indication().ms(99);
                    say("%s; %d events stored; missing %d, out of id order %d, later than 1 s %d; badge p99 with consoles / without = %.2fx",
                            all.line(), stored, missing, disorder, late, ratio);
                    // how much of the delay is the store's own (received → committed) and not the feed's
                    say("received → stored (the events' own store lag) p50 / p99 / max: %s ms", storeLag(db, before, after));
                    rows.add(String.format(Locale.ROOT, "| %d badges/s, %d consoles | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f / %.2f ms = %.2fx |",
                            p.rate(), p.consoles(), stored, missing, disorder, late, all.ms(50), all.ms(99), all.maxMs(),
                            loaded.indication().ms(99), alone.indication().ms(99), ratio));
                }
            }
        }
        say("Markdown rows (phase | events stored | missing (all consoles) | out of id order | > 1 s | p50 | p99 | max ms | badge p99 with / without):");
        rows.forEach(System.out::println);
        return 0;
    }

    private static long lastId(ScratchDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) FROM events")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String storeLag(ScratchDatabase db, long after, long upTo) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag)"
                     + " FROM (SELECT extract(epoch FROM stored_at - received_at) * 1000 AS lag FROM events WHERE id > " + after + " AND id <= " + upTo + ") l")) {
            r.next();
            return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", r.getDouble(1), r.getDouble(2), r.getDouble(3));
        }
    }

    private static long count(ScratchDatabase db, long after, long upTo) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM events WHERE id > " + after + " AND id <= " + upTo)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** One console: a stream read on its own thread, each event's delay from the gateway's receipt recorded. */
    private static final class Console {
        final List<Long> latencies = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        long outOfOrder;
        long late;
        private final InputStream in;
        private final CountDownLatch done = new CountDownLatch(1);

        private Console(InputStream in) {
            this.in = in;
        }

        static Console open(String base, String token, long after) throws Exception {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/events/stream?follow=true&after=" + after))
                    .header("authorization", "Bearer " + token).GET().build();
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("stream answered " + r.statusCode());
            }
            Console c = new Console(r.body());
            Thread t = new Thread(c::read, "feed-console");
            t.setDaemon(true);
            t.start();
            return c;
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                boolean event = false;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("event: ")) {
                        event = line.equals("event: event");
                    } else if (event && line.startsWith("data: ")) {
                        long now = System.currentTimeMillis();
                        JsonObject e = new JsonObject(line.substring(6));
                        long id = e.getLong("id");
                        long delayNanos = TimeUnit.MILLISECONDS.toNanos(now - Instant.parse(e.getString("receivedAt")).toEpochMilli());
                        synchronized (this) {
                            if (!ids.isEmpty() && id < ids.get(ids.size() - 1)) {
                                outOfOrder++;
                            }
                            ids.add(id);
                            latencies.add(delayNanos);
                            if (delayNanos > TimeUnit.SECONDS.toNanos(1)) {
                                late++;
                            }
                        }
                    }
                }
            } catch (Exception e) {
                // closed at the end of the phase
            } finally {
                done.countDown();
            }
        }

        synchronized long received(long upTo) {
            return ids.stream().filter(i -> i <= upTo).distinct().count();
        }

        void close() throws Exception {
            in.close();
            done.await(5, TimeUnit.SECONDS);
        }
    }
}
