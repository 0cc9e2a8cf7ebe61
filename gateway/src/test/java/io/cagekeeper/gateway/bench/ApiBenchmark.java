package io.cagekeeper.gateway.bench;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.events.EventQuery;
import io.cagekeeper.gateway.events.QueryPlans;
import io.cagekeeper.gateway.events.SyntheticEvents;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The management API under a realistic store (issue 10's performance section): loads synthetic events
 * and persons into a scratch PostgreSQL, then measures (1) the event query's page latency per filter,
 * sequentially, first and later pages, with the plan PostgreSQL used; (2) a CSV export of
 * {@code exportRows} rows: rows/s and the JVM's heap while it streams; (3) the badge path's
 * publish → indication latency at {@code badgeRate}/s alone, then (4) the same while {@code clients}
 * API clients over keep-alive connections call the read endpoints for the same time, first paced
 * (open loop, {@code apiRate} requests/s in all, latency from each request's intended time), then
 * back to back (closed loop: the rate they reach is the ceiling at that concurrency).
 *
 * <p>A main class in the test sources, not a test; bounded by a watchdog; everything runs in one JVM
 * on one machine (gateway, PostgreSQL, Mosquitto, simulated readers and the API clients share its
 * cores), so the numbers are an upper bound of what a dedicated server does. Exit code 0 when it ran.
 */
public final class ApiBenchmark {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private ApiBenchmark() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(ApiOptions.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            code = 2;
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

    private static int run(ApiOptions o) throws Exception {
        Watchdog.arm(o.budgetSeconds());
        say("%s: %,d events over %d days, %,d persons, export %,d rows, %d clients x %d s, %d badges/s; started %s; -Xmx %d MiB",
                ApiBenchmark.class.getSimpleName(), o.events(), o.days(), o.persons(), o.exportRows(), o.clients(), o.seconds(),
                o.badgeRate(), Instant.now(), Runtime.getRuntime().maxMemory() >> 20);
        Path dir = Files.createTempDirectory("cagekeeper-apibench");
        List<String> rows = new ArrayList<>();
        try (PrivateMosquitto broker = PrivateMosquitto.start(dir); ScratchDatabase db = ScratchDatabase.create()) {
            Watchdog.onHalt(broker::close, db::close);
            BenchOptions cageOptions = BenchOptions.parse(new String[] {"--modules", Integer.toString(o.modules()), "--warmupSeconds", "0"});
            try (BenchCage cage = BenchCage.start(cageOptions, broker.uri(), db, dir)) {
                Instant end = Instant.now().minus(Duration.ofMinutes(1));
                load(o, db, cage, end);
                Gateway g = cage.gateway();
                String token = BenchCage.await(g.tokens().issue(g.pool(), "bench", EnumSet.of(Role.AUDITOR, Role.SECURITY_DESK), "system:bench",
                        null), 10).token();
                String base = "http://127.0.0.1:" + g.httpPort();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Map<String, String> filters = filters(o, end);
                plans(g, o, end);
                rows.addAll(pages(http, base, token, filters, o.pageSamples()));
                rows.add(export(http, base, token, o, end));
                rows.add(occupancy(http, base, token));
                if (o.warmupSeconds() > 0) {
                    say("warm-up: %d s of badges at %d/s with API clients (not measured)", o.warmupSeconds(), o.badgeRate());
                    apiLoad(base, token, o.clients(), 0, o.warmupSeconds(), filters,
                            () -> new LoadPhase(cage, o.badgeRate(), o.warmupSeconds()).run());
                }
                say("badges alone: %d/s for %d s", o.badgeRate(), o.seconds());
                LoadPhase.Result alone = new LoadPhase(cage, o.badgeRate(), o.seconds()).run();
                say("%s (missing %d, not granted %d)", alone.indication().line(), alone.indicationsMissing(), alone.notGranted());
                rows.add(badgeRow("no API load", alone, alone));
                for (int rate : new int[] {o.apiRate(), 0}) {
                    say("badges with %d API clients (%s): %d/s for %d s", o.clients(), rate == 0 ? "closed loop" : rate + " requests/s",
                            o.badgeRate(), o.seconds());
                    LoadPhase.Result[] loaded = new LoadPhase.Result[1];
                    ApiLoad api = apiLoad(base, token, o.clients(), rate, o.seconds(), filters,
                            () -> loaded[0] = new LoadPhase(cage, o.badgeRate(), o.seconds()).run());
                    say("%s (missing %d, not granted %d)", loaded[0].indication().line(), loaded[0].indicationsMissing(),
                            loaded[0].notGranted());
                    api.lines().forEach(l -> say("%s", l));
                    say("badge p99 with API load / without = %.2fx (target <= 1.5x)",
                            loaded[0].indication().ms(99) / alone.indication().ms(99));
                    rows.add(badgeRow("with " + o.clients() + " API clients, " + api.pace(), loaded[0], alone));
                    rows.addAll(api.rows());
                }
            }
        }
        say("Markdown rows:");
        rows.forEach(System.out::println);
        say("finished %s", Instant.now());
        return 0;
    }

    private static String badgeRow(String what, LoadPhase.Result r, LoadPhase.Result alone) {
        return String.format(Locale.ROOT, "| badge publish -> indication @%d/s, %s | %d | %.2f | %.2f | %.2f | %.2f | %.2fx the p99 alone |",
                r.rate(), what, r.indication().count(), r.indication().ms(50), r.indication().ms(99), r.indication().ms(99.9),
                r.indication().maxMs(), r.indication().ms(99) / alone.indication().ms(99));
    }

    /** Persons p<CARDS>… with credentials 42:<n> beside the cage's own, then the events; waits for the policy with them. */
    private static void load(ApiOptions o, ScratchDatabase db, BenchCage cage, Instant end) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // the persons are a site's existing population, from before its verifiable log: their 200,000 change-log rows are
            // not queued for it (as SyntheticEvents loads the history), so the log's appender is not catching up during the
            // measurement; the change log itself still carries them to the gateway
            s.execute("ALTER TABLE policy_deltas DISABLE TRIGGER policy_deltas_tlog");
            s.execute("INSERT INTO persons (id, name, type, organization) SELECT 'p' || g, 'Person ' || g, "
                    + "(ARRAY['EMPLOYEE','CONTRACTOR','VISITOR'])[1 + g % 3], 'Org ' || (g % 50) FROM generate_series(" + BenchCage.CARDS
                    + ", " + (o.persons() - 1) + ") g");
            s.execute("INSERT INTO credentials (id, card, person_id, status, valid_from) SELECT 'c' || g, " + SyntheticEvents.cardSql("g")
                    + ", 'p' || g, 'ACTIVE', "
                    + "now() - interval '1 day' FROM generate_series(" + BenchCage.CARDS + ", " + (o.persons() - 1) + ") g");
            s.execute("INSERT INTO policy_changes (changed_by, summary) VALUES ('bench', 'benchmark persons')");
            s.execute("ALTER TABLE policy_deltas ENABLE TRIGGER policy_deltas_tlog");
            SyntheticEvents.load(c, o.events(), cage.doors(), o.persons(), end, Duration.ofDays(o.days()), l -> say("%s", l));
            s.execute("VACUUM ANALYZE events");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cage.gateway().policy().current().data().persons().size() < o.persons()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the policy with " + o.persons() + " persons is not in force after 60 s");
            }
            Thread.sleep(200);
        }
        say("loaded in %.1f s; policy of %,d persons in force", (System.nanoTime() - t0) / 1e9,
                cage.gateway().policy().current().data().persons().size());
    }

    /** The filters measured, as query strings of GET /api/events; the time range is a day a week before the end. */
    private static Map<String, String> filters(ApiOptions o, Instant end) {
        Instant weekAgo = end.minus(Duration.ofDays(Math.min(7, o.days())));
        Map<String, String> f = new LinkedHashMap<>();
        f.put("none", "");
        f.put("time range (1 day)", "from=" + weekAgo + "&to=" + weekAgo.plus(Duration.ofDays(1)));
        f.put("door", "door=d7");
        f.put("zone (all doors)", "zone=cage");
        int p = o.persons() / 3;
        f.put("person", "person=p" + p);
        f.put("credential", "credential=c" + (p + 1));
        f.put("card", "card=" + SyntheticEvents.card(p + 2));
        f.put("type", "type=DOOR_OPENED");
        f.put("types", "type=DOOR_OPENED,ACCESS_DENIED");
        f.put("result", "result=DENY");
        f.put("door + type + day", "door=d3&type=ACCESS_DENIED&from=" + weekAgo + "&to=" + weekAgo.plus(Duration.ofDays(1)));
        f.put("person, oldest first", "person=p" + (p + 3) + "&order=oldest");
        return f;
    }

    private static void plans(Gateway g, ApiOptions o, Instant end) throws Exception {
        Map<String, EventQuery> q = new LinkedHashMap<>();
        q.put("door", new EventQuery(null, null, List.of("d7"), null, null, null, null, null, false, 100));
        q.put("person", new EventQuery(null, null, null, "p" + o.persons() / 3, null, null, null, null, false, 100));
        q.put("result", new EventQuery(null, null, null, null, null, null, "DENY", null, false, 100));
        q.put("zone of 8 doors", new EventQuery(null, null, List.of("d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"), null, null, null,
                null, null, false, 100));
        for (var e : q.entrySet()) {
            String plan = BenchCage.await(QueryPlans.page(g.pool(), e.getValue()), 60);
            say("plan of a page by %s:%n%s", e.getKey(), plan.strip().indent(8).stripTrailing());
        }
    }

    /** Each filter: {@code samples} requests, in chains of 10 pages (first page, then 9 by cursor), one at a time. */
    private static List<String> pages(HttpClient http, String base, String token, Map<String, String> filters, int samples) throws Exception {
        List<String> out = new ArrayList<>();
        for (var f : filters.entrySet()) {
            Latencies first = new Latencies("page 1 by " + f.getKey());
            Latencies later = new Latencies("pages 2-10 by " + f.getKey());
            int done = 0;
            while (done < samples) {
                String next = null;
                for (int p = 0; p < 10 && done < samples; p++, done++) {
                    String uri = base + "/api/events?limit=100&" + f.getValue() + (next == null ? "" : "&after=" + next);
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(get(uri, token), HttpResponse.BodyHandlers.ofString());
                    (p == 0 ? first : later).recordNanos(System.nanoTime() - t);
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
                    }
                    next = new JsonObject(r.body()).getString("next");
                    if (next == null) {
                        done++;
                        break;
                    }
                }
            }
            say("%s   p95=%.2f ms", first.line(), first.ms(95));
            say("%s   p95=%.2f ms", later.line(), later.ms(95));
            out.add(String.format(Locale.ROOT, "| events page 1, %s | %d | %.2f | %.2f | %.2f | %.2f | %s |", f.getKey(),
                    first.count(), first.ms(50), first.ms(95), first.ms(99), first.maxMs(),
                    later.count() == 0 ? "(one page)" : String.format(Locale.ROOT, "%d, %.2f / %.2f", later.count(), later.ms(50), later.ms(95))));
        }
        return out;
    }

    /** A CSV export of about {@code exportRows} rows (a time range holding that many), streamed and counted; the heap sampled meanwhile. */
    private static String export(HttpClient http, String base, String token, ApiOptions o, Instant end) throws Exception {
        Duration span = Duration.ofDays(o.days());
        long rows = Math.min(o.exportRows(), o.events());
        Instant from = end.minus(Duration.ofNanos((long) (span.toNanos() * ((double) rows / o.events()))));
        System.gc();
        long heapBefore = MEMORY.getHeapMemoryUsage().getUsed();
        AtomicLong maxHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxHeap.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long t = System.nanoTime();
        HttpResponse<InputStream> r = http.send(get(base + "/api/events/export.csv?from=" + from + "&to=" + end, token),
                HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        sampler.interrupt();
        long dataRows = lines - 1;
        say("export: status %d, %,d rows, %,d bytes in %.2f s = %,.0f rows/s, %.1f MB/s; heap used %d MiB before, max %d MiB during"
                        + " (the whole JVM: gateway, broker client, readers; -Xmx %d MiB)", r.statusCode(), dataRows, bytes, seconds,
                dataRows / seconds, bytes / seconds / 1e6, heapBefore >> 20, maxHeap.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        return String.format(Locale.ROOT, "| CSV export | %,d rows, %,d MB | %.2f s | %,.0f rows/s | heap %d MiB before, max %d MiB during |",
                dataRows, bytes / 1_000_000, seconds, dataRows / seconds, heapBefore >> 20, maxHeap.get() >> 20);
    }

    /** Occupancy one request at a time: latency and size (everyone who badged in within 24 h is inside: a worst case). */
    private static String occupancy(HttpClient http, String base, String token) throws Exception {
        Latencies l = new Latencies("GET /api/occupancy");
        long bytes = 0;
        int total = 0;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(get(base + "/api/occupancy", token), HttpResponse.BodyHandlers.ofString());
            l.recordNanos(System.nanoTime() - t);
            bytes = r.body().length();
            total = new JsonObject(r.body()).getInteger("total");
            Thread.sleep(250);
        }
        say("%s   (%,d people inside, %,d bytes)", l.line(), total, bytes);
        return String.format(Locale.ROOT, "| GET /api/occupancy, one at a time, %,d inside, %,d MB | %d | %.2f | %.2f | %.2f | %.2f | |", total,
                bytes / 1_000_000, l.count(), l.ms(50), l.ms(99), l.ms(99.9), l.maxMs());
    }

    private static HttpRequest get(String uri, String token) {
        return HttpRequest.newBuilder(URI.create(uri)).header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(600)).build();
    }

    /** What the API clients measured: latency per endpoint and overall, requests, errors. */
    record ApiLoad(String pace, Map<String, Latencies> byEndpoint, Latencies all, long requests, long errors, int seconds) {

        List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "API (%s): %,d requests in %d s = %,.0f requests/s, %d errors", pace, requests, seconds,
                    (double) requests / seconds, errors));
            out.add(all.line());
            byEndpoint.values().forEach(l -> out.add(l.line()));
            return out;
        }

        List<String> rows() {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "| API, %s, all read endpoints | %d | %.2f | %.2f | %.2f | %.2f | %,.0f requests/s, %d errors |",
                    pace, all.count(), all.ms(50), all.ms(99), all.ms(99.9), all.maxMs(), (double) requests / seconds, errors));
            byEndpoint.forEach((k, l) -> out.add(String.format(Locale.ROOT, "| API, %s, %s | %d | %.2f | %.2f | %.2f | %.2f | |", pace, k,
                    l.count(), l.ms(50), l.ms(99), l.ms(99.9), l.maxMs())));
            return out;
        }
    }

    private interface Phase {
        void run() throws Exception;
    }

    /**
     * {@code clients} closed-loop clients on their own Vert.x instance (one event loop), each on a
     * keep-alive connection, cycling over the read endpoints for {@code seconds} while {@code phase} runs here.
     */
    private static ApiLoad apiLoad(String base, String token, int clients, int ratePerSecond, int seconds, Map<String, String> filters,
                                   Phase phase) throws Exception {
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        List<String> pages = new ArrayList<>();
        filters.values().forEach(q -> pages.add("/api/events?limit=100&" + q));
        endpoints.put("GET /api/events (12 filters)", pages);
        endpoints.put("GET /api/doors", List.of("/api/doors"));
        endpoints.put("GET /api/alarms", List.of("/api/alarms"));
        // not /api/occupancy: with the synthetic site's 100,000 people inside it answers ~10 MB (measured alone, occupancy())
        List<String[]> mix = new ArrayList<>();
        for (var e : endpoints.entrySet()) {
            int weight = e.getKey().startsWith("GET /api/events") ? 1 : 2; // 12 event pages to 4 others
            for (int w = 0; w < weight; w++) {
                for (String uri : e.getValue()) {
                    mix.add(new String[] {e.getKey(), uri});
                }
            }
        }
        Map<String, Latencies> by = new LinkedHashMap<>();
        endpoints.keySet().forEach(k -> by.put(k, new Latencies(k)));
        Latencies all = new Latencies("API read endpoints, all");
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Vertx vertx = Vertx.vertx();
        URI u = URI.create(base);
        var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost(u.getHost()).setDefaultPort(u.getPort()),
                new PoolOptions().setHttp1MaxSize(clients));
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(clients);
        long start = System.nanoTime() + 50_000_000L;
        long period = ratePerSecond == 0 ? 0 : 1_000_000_000L * clients / ratePerSecond;
        for (int c = 0; c < clients; c++) {
            int first = c * 7;
            Pace pace = new Pace(start + (period == 0 ? 0 : period * c / clients), period);
            vertx.runOnContext(v -> next(vertx, client, token, mix, first, 0, pace, stopAt, by, all, requests, errors, finished));
        }
        try {
            phase.run();
        } finally {
            finished.await(seconds + 60L, TimeUnit.SECONDS);
            client.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        return new ApiLoad(ratePerSecond == 0 ? "closed loop" : "open loop at " + ratePerSecond + "/s", by, all, requests.get(),
                errors.get(), seconds);
    }

    /** One client's requests: back to back (closed loop, {@code periodNanos} 0) or each due at start + k periods (open loop). */
    private record Pace(long startNanos, long periodNanos) {

        long due(int k) {
            return startNanos + k * periodNanos;
        }
    }

    private static void next(Vertx vertx, io.vertx.core.http.HttpClient client, String token, List<String[]> mix, int i, int k, Pace pace,
                             long stopAt, Map<String, Latencies> by, Latencies all, AtomicLong requests, AtomicLong errors,
                             CountDownLatch finished) {
        long now = System.nanoTime();
        long due = pace.periodNanos() == 0 ? now : pace.due(k);
        if (Math.max(now, due) >= stopAt) {
            finished.countDown();
            return;
        }
        if (due > now + 1_000_000) {
            vertx.setTimer((due - now) / 1_000_000, x -> next(vertx, client, token, mix, i, k, pace, stopAt, by, all, requests, errors,
                    finished));
            return;
        }
        String[] target = mix.get(i % mix.size());
        long t = pace.periodNanos() == 0 ? now : due; // open loop: from the intended time (no coordinated omission)
        client.request(HttpMethod.GET, target[1])
                .compose(req -> req.putHeader("authorization", "Bearer " + token).send())
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> {
                    long took = System.nanoTime() - t;
                    requests.incrementAndGet();
                    if (ar.failed() || ar.result() != 200) {
                        errors.incrementAndGet();
                    } else {
                        by.get(target[0]).recordNanos(took);
                        all.recordNanos(took);
                    }
                    next(vertx, client, token, mix, i + 1, k + 1, pace, stopAt, by, all, requests, errors, finished);
                });
    }
}
