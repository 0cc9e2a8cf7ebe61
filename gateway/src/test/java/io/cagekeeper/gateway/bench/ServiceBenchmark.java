package io.cagekeeper.gateway.bench;

import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.it.Backends;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderFleet;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 15's figures for the server distribution, measured on the gateway as an operator runs it: the
 * unpacked archive's {@code bin/cagekeeper run CONFIG} as a process of its own (JAVA_OPTS as the systemd unit
 * sets them), against a private Mosquitto and simulated door modules, timed from the process's start to
 * {@code /health/ready} answering 200 on its monitoring listener, and its resident memory read from
 * {@code /proc/<pid>/status} (VmRSS; VmHWM is the peak).
 *
 * <p>Two databases: <b>embedded</b> — the archive has no embedded PostgreSQL (a server uses its own), so this
 * runs the same {@code java -cp 'lib/*' io.cagekeeper.cli.Cagekeeper run} line with the demo's libraries
 * (zonky's PostgreSQL) after the distribution's; its PostgreSQL is processes of their own, counted apart (their
 * proportional set size, Pss, so shared buffers count once). <b>external</b> — a scratch database on the
 * machine's PostgreSQL (127.0.0.1:5432), dropped at the end. Each is started on an empty database
 * (initdb and/or every migration) and again on the database it left; the external one then once more with
 * the benchmark site (its doors, a reader each, 1,000 granted cards, {@link BenchCage#seed}), idle for
 * {@code --idleSeconds}, then at {@code --rate} badges/s for {@code --seconds} (open loop, {@link OpenLoop};
 * the readers are {@link ReaderFleet}s, unsigned by name), RSS sampled every second.
 *
 * <p>A main class in the test sources, not a test; {@code bench-service.sh} builds and runs it. Exit 0 when it ran.
 */
public final class ServiceBenchmark {

    private static final String SITE = "bench";
    /** MQTT connections the simulated readers share, as in the end-to-end benchmark's default. */
    private static final int READER_CONNECTIONS = 4;

    private ServiceBenchmark() {
    }

    record Options(Path dist, Path extraLib, int rate, int seconds, int doors, int idleSeconds, String javaOpts) {

        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                a.put(args[i].substring(2), args[i + 1]);
            }
            if (args.length % 2 != 0 || !a.containsKey("dist")) {
                throw new IllegalArgumentException("usage: --dist DIR [--extraLib DIR] [--rate 1000] [--seconds 60] [--doors 256]"
                        + " [--idleSeconds 10] [--javaOpts '-Xms256m']");
            }
            int doors = Integer.parseInt(a.getOrDefault("doors", "256"));
            if (doors % 8 != 0) {
                throw new IllegalArgumentException("--doors is a multiple of 8 (8 doors a module)");
            }
            return new Options(Path.of(a.get("dist")), a.containsKey("extraLib") ? Path.of(a.get("extraLib")) : null,
                    Integer.parseInt(a.getOrDefault("rate", "1000")), Integer.parseInt(a.getOrDefault("seconds", "60")), doors,
                    Integer.parseInt(a.getOrDefault("idleSeconds", "10")), a.getOrDefault("javaOpts", "-Xms256m"));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Watchdog.arm(Integer.getInteger("budgetSeconds", 1_200));
        Path dir = Files.createTempDirectory("cagekeeper-servicebench");
        say("ServiceBenchmark: %s; %d doors, %d badges/s for %d s; JAVA_OPTS %s; %d cores; %s", o.dist(), o.doors(), o.rate(),
                o.seconds(), o.javaOpts(), Runtime.getRuntime().availableProcessors(), Instant.now());
        List<DoorModuleSimulator> modules = new ArrayList<>();
        try (PrivateMosquitto broker = PrivateMosquitto.start(dir)) {
            Watchdog.onHalt(broker::close);
            for (int m = 0; m < o.doors() / 8; m++) {
                modules.add(DoorModuleSimulator.start("127.0.0.1", 0, 1));
            }
            if (o.extraLib() == null) {
                say("embedded: skipped (no --extraLib: the demo's libraries with the embedded PostgreSQL)");
            } else {
                embedded(o, dir.resolve("embedded"), broker, modules);
            }
            try (ScratchDatabase db = ScratchDatabase.create()) {
                Watchdog.onHalt(db::close);
                external(o, dir.resolve("external"), broker, modules, db);
            }
        } finally {
            modules.forEach(DoorModuleSimulator::close);
        }
        say("finished %s", Instant.now());
        System.exit(0);
    }

    private static void embedded(Options o, Path site, PrivateMosquitto broker, List<DoorModuleSimulator> modules) throws Exception {
        Files.createDirectories(site);
        Path conf = config(site, o, broker, modules, "db.mode = embedded\ndb.dataDir = " + site.resolve("data/postgres") + "\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(o.javaOpts().trim().split("\\s+")));
        command.addAll(List.of("-cp", o.dist().resolve("lib") + "/*:" + o.extraLib().toAbsolutePath() + "/*",
                "io.cagekeeper.cli.Cagekeeper", "run", conf.toString()));
        for (String start : new String[] {"first start (initdb, migrations)", "restart (existing data directory)"}) {
            try (Service s = Service.start(command, site, Map.of(), site.resolve("gateway.log"))) {
                double ready = s.awaitReady(port(conf));
                say("embedded, %s: ready in %.2f s", start, ready);
                Thread.sleep(o.idleSeconds() * 1_000L);
                List<ProcessHandle> postgres = postgres(site.resolve("data/postgres"));
                say("embedded, %s, idle %d s: gateway JVM RSS %,d MiB; its PostgreSQL (%d processes) Pss %,d MiB", start,
                        o.idleSeconds(), s.rssKb() >> 10, postgres.size(), pssKb(postgres) >> 10);
                s.stopAndSay("embedded");
            }
        }
    }

    private static void external(Options o, Path site, PrivateMosquitto broker, List<DoorModuleSimulator> modules,
                                 ScratchDatabase db) throws Exception {
        Files.createDirectories(site);
        PgEndpoint e = db.endpoint();
        Path conf = config(site, o, broker, modules, String.join("\n", "db.mode = external", "db.host = " + e.host(),
                "db.port = " + e.port(), "db.database = " + e.database(), "db.user = " + e.user(), ""));
        List<String> command = List.of(o.dist().resolve("bin/cagekeeper").toString(), "run", conf.toString());
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", o.javaOpts());
        for (String start : new String[] {"first start (migrations on an empty database)", "restart (migrated, empty policy)"}) {
            try (Service s = Service.start(command, site, env, site.resolve("gateway.log"))) {
                say("external, %s: ready in %.2f s", start, s.awaitReady(port(conf)));
                Thread.sleep(o.idleSeconds() * 1_000L);
                say("external, %s, idle %d s: RSS %,d MiB", start, o.idleSeconds(), s.rssKb() >> 10);
                s.stopAndSay("external");
            }
        }
        seed(e, o.doors());
        try (Service s = Service.start(command, site, env, site.resolve("gateway.log"))) {
            say("external, restart with the benchmark site (%d doors, %,d cards): ready in %.2f s", o.doors(), BenchCage.CARDS,
                    s.awaitReady(port(conf)));
            Thread.sleep(o.idleSeconds() * 1_000L);
            say("external, idle %d s: RSS %,d MiB", o.idleSeconds(), s.rssKb() >> 10);
            load(o, broker, s);
            s.stopAndSay("external");
        }
    }

    /** {@code rate} badges/s for {@code seconds}, RSS sampled every second; what came back and how fast. */
    private static void load(Options o, PrivateMosquitto broker, Service s) throws Exception {
        int count = o.rate() * o.seconds();
        int perFleet = (o.doors() + READER_CONNECTIONS - 1) / READER_CONNECTIONS;
        List<ReaderFleet> fleets = new ArrayList<>();
        long[] due = new long[count];
        boolean[] answered = new boolean[count];
        AtomicLong grants = new AtomicLong();
        AtomicLong answers = new AtomicLong();
        Latencies latency = new Latencies("publish -> indication @" + o.rate() + "/s");
        String prefix = "s-";
        try {
            for (int first = 0; first < o.doors(); first += perFleet) {
                List<String> ids = new ArrayList<>();
                for (int d = first; d < Math.min(o.doors(), first + perFleet); d++) {
                    ids.add(BenchCage.readerId(d));
                }
                ReaderFleet fleet = new ReaderFleet(broker.uri(), ReaderConfig.DEFAULT_PREFIX, SITE, "svc-fleet-" + fleets.size(), ids);
                fleet.onIndication((reader, ind) -> {
                    String id = ind.replyTo();
                    if (id == null || !id.startsWith(prefix)) {
                        return;
                    }
                    int i = Integer.parseInt(id, prefix.length(), id.length(), 10);
                    synchronized (answered) {
                        if (answered[i]) {
                            return;
                        }
                        answered[i] = true;
                    }
                    answers.incrementAndGet();
                    if (ind.isGrant()) {
                        grants.incrementAndGet();
                    }
                    latency.recordNanos(EpochNanos.of(ind.receivedAt()) - due[i]);
                });
                fleets.add(fleet);
                fleet.connect();
            }
            long[] maxRss = new long[1];
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        maxRss[0] = Math.max(maxRss[0], s.rssKb());
                        Thread.sleep(1_000);
                    } catch (InterruptedException | IOException ex) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.start();
            OpenLoop loop = new OpenLoop(o.rate());
            loop.run(count, i -> {
                due[i] = loop.dueEpochNanos(i);
                int door = i % o.doors();
                fleets.get(door / perFleet).presentCard(door % perFleet, Card.h10301(BenchCage.FACILITY, i % BenchCage.CARDS), prefix + i);
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (answers.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            sampler.interrupt();
            sampler.join();
            long end = s.rssKb();
            say("external, %,d badges at %d/s: %,d answered (%,d GRANT); RSS during the load max %,d MiB, at its end %,d MiB;"
                    + " peak (VmHWM) %,d MiB", count, o.rate(), answers.get(), grants.get(), Math.max(maxRss[0], end) >> 10, end >> 10,
                    s.hwmKb() >> 10);
            say("%s", latency.line());
        } finally {
            fleets.forEach(ReaderFleet::close);
        }
    }

    /** The benchmark site in the migrated database, as any client of the database would write it (the policy tables). */
    private static void seed(PgEndpoint e, int doors) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                    .connectingTo(new PgConnectOptions().setHost(e.host()).setPort(e.port()).setDatabase(e.database())
                            .setUser(e.user()).setPassword(e.password())).using(vertx).build();
            BenchCage.await(BenchCage.seed(new PolicyStore(pool), SITE, doors), 120);
            BenchCage.await(pool.close(), 10);
        } finally {
            BenchCage.await(vertx.close(), 10);
        }
    }

    /** The site's configuration: the database settings given, the private broker, the modules and doors, monitoring on. */
    private static Path config(Path site, Options o, PrivateMosquitto broker, List<DoorModuleSimulator> modules, String database)
            throws IOException {
        StringBuilder c = new StringBuilder(database);
        c.append("http.port = 0\nmetrics.port = ").append(Backends.freePort()).append('\n')
                .append("mqtt.mode = external\nmqtt.uri = ").append(broker.uri()).append('\n')
                .append("mqtt.site = ").append(SITE).append("\nmqtt.clientId = gw-").append(site.getFileName()).append('\n')
                .append("journal.dir = ").append(site.resolve("data/journal")).append('\n')
                .append("reconciliation.nightlyAt = off\n");
        List<String> unsigned = new ArrayList<>();
        for (int m = 0; m < modules.size(); m++) {
            c.append("module.m").append(m).append(".host = 127.0.0.1\n")
                    .append("module.m").append(m).append(".port = ").append(modules.get(m).port()).append('\n');
            for (int ch = 0; ch < 8; ch++) {
                String door = "door.d" + (m * 8 + ch) + ".";
                c.append(door).append("module = m").append(m).append('\n').append(door).append("lockRelay = ").append(ch).append('\n')
                        .append(door).append("releaseMs = ").append(BenchCage.RELEASE_MS).append('\n');
                unsigned.add(BenchCage.readerId(m * 8 + ch));
            }
        }
        // ReaderFleet does not sign: its readers run unsigned by name, as in the other benchmarks
        c.append("readers.unsigned = ").append(String.join(",", unsigned)).append('\n');
        return Files.writeString(site.resolve("cagekeeper.properties"), c.toString());
    }

    /**
     * The embedded PostgreSQL's processes: its postmaster (started by pg_ctl, so not the gateway's child: found by
     * its data directory on its command line) and the postmaster's children.
     */
    private static List<ProcessHandle> postgres(Path dataDir) {
        String needle = dataDir.toAbsolutePath().toString();
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(needle))
                .orElse(false)).forEach(postmaster -> {
                    found.add(postmaster);
                    found.addAll(postmaster.descendants().toList());
                });
        return found;
    }

    /** The proportional set size of these processes (shared pages, such as PostgreSQL's shared buffers, counted once). */
    private static long pssKb(List<ProcessHandle> processes) {
        long sum = 0;
        for (ProcessHandle h : processes) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException gone) {
                // exited meanwhile
            }
        }
        return sum;
    }

    private static int port(Path conf) throws IOException {
        for (String line : Files.readAllLines(conf)) {
            if (line.startsWith("metrics.port = ")) {
                return Integer.parseInt(line.substring("metrics.port = ".length()).trim());
            }
        }
        throw new IllegalStateException("no metrics.port in " + conf);
    }

    /** The gateway as a process of its own: started, probed, measured from /proc, stopped with SIGTERM. */
    private static final class Service implements AutoCloseable {
        private final Process process;
        private final long startedNanos;
        private final Path log;

        private Service(Process process, long startedNanos, Path log) {
            this.process = process;
            this.startedNanos = startedNanos;
            this.log = log;
        }

        static Service start(List<String> command, Path dir, Map<String, String> env, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("CAGEKEEPER_"));
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            return new Service(pb.start(), t0, log);
        }

        /** Seconds from the process's start to /health/ready answering 200. */
        double awaitReady(int port) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = startedNanos + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the gateway exited with " + process.exitValue() + " before it was ready; see " + log);
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return (System.nanoTime() - startedNanos) / 1e9;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("not ready within 180 s; see " + log);
        }

        long rssKb() throws IOException {
            return status(process.pid(), "VmRSS:");
        }

        long hwmKb() throws IOException {
            return status(process.pid(), "VmHWM:");
        }

        private static long status(long pid, String field) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IOException("no " + field + " for process " + pid);
        }

        void stopAndSay(String variant) throws Exception {
            long t = System.nanoTime();
            process.destroy(); // SIGTERM, as systemctl stop
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not stopped 90 s after SIGTERM; see " + log);
            }
            say("%s: stopped in %.2f s, exit %d", variant, (System.nanoTime() - t) / 1e9, process.exitValue());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
