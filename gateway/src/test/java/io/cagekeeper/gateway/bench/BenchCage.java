package io.cagekeeper.gateway.bench;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.policy.model.Schedule;
import io.cagekeeper.policy.model.Site;
import io.cagekeeper.policy.model.Zone;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderFleet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cage under test: {@code modules} simulated door modules with 8 doors each (a module answers one
 * Modbus request at a time, so the doors are spread over many), one entry reader per door, the gateway
 * wired to them through the private Mosquitto and the scratch database, and a policy in which every
 * benchmark card is granted every door at any time, so every credential energises a lock relay.
 * Releases are 100 ms, the shortest the configuration allows, so a door's pulse is over before its
 * next credential arrives.
 *
 * <p>The readers are {@link ReaderFleet}s: the same bytes on the same topics as one simulated reader
 * per door, but over a few shared MQTT connections, so that the load generator adds a dozen threads to
 * the measuring JVM instead of ~770 (three Paho threads per reader client), whose scheduling delay on
 * two cores was otherwise part of every latency measured.
 */
final class BenchCage implements AutoCloseable {

    static final int RELEASE_MS = 100;
    static final int FACILITY = 42;
    static final int CARDS = 1000;

    private final List<DoorModuleSimulator> modules = new ArrayList<>();
    private final List<ReaderFleet> fleets = new ArrayList<>();
    /** The current phase's answers by credential number (msgId = prefix + number): no object kept per credential. */
    private volatile Answers answers = new Answers("", 0);
    /** Sees every indication that answers a credential (msgId, when, granted): RevocationBenchmark's probes. */
    private volatile Probe probe = (msgId, at, grant) -> { };
    /** How long the gateway took to start (policy loaded, compiled, ready to decide), in ns. */
    private long startNanos;

    interface Probe {
        void answered(String msgId, long receivedEpochNanos, boolean grant);
    }
    private int readersPerFleet;
    private final RelayLog relays;
    private final String site = "bench";
    private Vertx vertx;
    private Gateway gateway;

    private BenchCage(int doors) {
        this.relays = new RelayLog(doors);
    }

    static BenchCage start(BenchOptions o, String brokerUri, ScratchDatabase db, Path dir) throws Exception {
        BenchCage cage = new BenchCage(o.doors());
        try {
            cage.startModules(o.modules());
            cage.startGateway(o, brokerUri, db, dir);
            cage.connectReaders(brokerUri, o.doors(), o.readerConnections());
            return cage;
        } catch (Exception | Error e) {
            cage.close();
            throw e;
        }
    }

    private void startModules(int count) throws Exception {
        for (int m = 0; m < count; m++) {
            DoorModuleSimulator module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
            int firstDoor = m * 8;
            module.addCoilListener((channel, energised, at) -> {
                if (energised) {
                    relays.record(firstDoor + channel, at);
                }
            });
            modules.add(module);
        }
    }

    private void startGateway(BenchOptions o, String brokerUri, ScratchDatabase db, Path dir) throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("http.port", "0");
        cfg.put("db.mode", "external");
        cfg.put("db.host", db.endpoint().host());
        cfg.put("db.port", Integer.toString(db.endpoint().port()));
        cfg.put("db.database", db.endpoint().database());
        cfg.put("db.user", db.endpoint().user());
        cfg.put("mqtt.mode", "external");
        cfg.put("mqtt.uri", brokerUri);
        cfg.put("mqtt.site", site);
        cfg.put("mqtt.clientId", "gw-" + site);
        cfg.put("journal.dir", dir.resolve("journal").toString());
        // the benchmarks measure the badge path: no catch-up reconciliation of yesterday in the same heap (ScaleBench measures those)
        cfg.put("reconciliation.nightlyAt", "off");
        for (int m = 0; m < modules.size(); m++) {
            cfg.put("module.m" + m + ".host", "127.0.0.1");
            cfg.put("module.m" + m + ".port", Integer.toString(modules.get(m).port()));
            cfg.put("module.m" + m + ".pollMs", Integer.toString(o.pollMs()));
            for (int ch = 0; ch < 8; ch++) {
                String door = "door.d" + (m * 8 + ch) + ".";
                cfg.put(door + "module", "m" + m);
                cfg.put(door + "lockRelay", Integer.toString(ch));
                cfg.put(door + "releaseMs", Integer.toString(RELEASE_MS));
            }
        }
        // ReaderFleet does not sign: its readers run unsigned by name (the HMAC check is ~1 us, not what this measures)
        List<String> unsigned = new ArrayList<>();
        for (int d = 0; d < o.doors(); d++) {
            unsigned.add(readerId(d));
        }
        cfg.put("readers.unsigned", String.join(",", unsigned));
        vertx = Vertx.vertx(new io.vertx.core.VertxOptions()
                .setMaxEventLoopExecuteTime(Long.getLong("bench.maxLoopMs", 2_000)).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(Long.getLong("bench.maxLoopMs", 2_000)).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
        gateway = new Gateway(vertx, ConfigLoader.fromMap(cfg, Map.of()));
        long t0 = System.nanoTime();
        await(gateway.start(), 300);
        startNanos = System.nanoTime() - t0;
        await(seed(gateway.policyStore(), site, o.doors()).compose(v -> gateway.policy().reload()), 60);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!gateway.modules().values().stream().allMatch(mod -> mod.online())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("door modules not online within 20 s");
            }
            Thread.sleep(50);
        }
    }

    /** The benchmark site {@code site}: {@code doors} doors with an entry reader each ({@link #readerId}), {@link #CARDS} cards granted all of them. */
    static Future<Long> seed(PolicyStore store, String site, int doors) {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        List<PolicyStore.Statement> s = new ArrayList<>();
        s.add(PolicyStore.upsertSite(new Site(site, "Benchmark site", ZoneOffset.UTC)));
        s.add(PolicyStore.upsertZone(new Zone("hall", "Hall", null)));
        s.add(PolicyStore.upsertZone(new Zone("cage", "Cage", "hall")));
        s.add(PolicyStore.upsertSchedule(Schedule.always("always")));
        List<DoorSchedule> all = new ArrayList<>();
        for (int d = 0; d < doors; d++) {
            s.add(PolicyStore.upsertDoor(new Door("d" + d, "Cage door " + d, "hall", "cage", null)));
            s.add(PolicyStore.upsertReader(new Reader(readerId(d), "d" + d, ReaderSide.ENTRY)));
            all.add(new DoorSchedule("d" + d, "always"));
        }
        s.addAll(PolicyStore.putAccessLevel(new AccessLevel("all", "All doors", all)));
        for (int c = 0; c < CARDS; c++) {
            s.add(PolicyStore.upsertPerson(new Person("p" + c, "Person " + c, PersonType.EMPLOYEE, null)));
            s.add(PolicyStore.upsertCredential(new Credential("c" + c, CardNumber.h10301(FACILITY, c), "p" + c,
                    CredentialStatus.ACTIVE, from, null, null, null, null)));
            s.add(PolicyStore.upsertGrant(new Grant("g" + c, "p" + c, "all", from, null, "bench")));
        }
        return store.change("bench", "benchmark site", s);
    }

    private void connectReaders(String brokerUri, int doors, int connections) throws Exception {
        readersPerFleet = (doors + connections - 1) / connections;
        for (int first = 0; first < doors; first += readersPerFleet) {
            List<String> ids = new ArrayList<>();
            for (int d = first; d < Math.min(doors, first + readersPerFleet); d++) {
                ids.add(readerId(d));
            }
            ReaderFleet fleet = new ReaderFleet(brokerUri, ReaderConfig.DEFAULT_PREFIX, site, "fleet-" + fleets.size(), ids);
            fleet.onIndication((reader, ind) -> {
                if (ind.replyTo() != null) {
                    answers.put(ind.replyTo(), EpochNanos.of(ind.receivedAt()), ind.isGrant());
                    probe.answered(ind.replyTo(), EpochNanos.of(ind.receivedAt()), ind.isGrant());
                }
            });
            fleets.add(fleet);
            fleet.connect();
        }
    }

    /** The reader of {@code door} reads {@code card}; returns the credential's msgId. */
    String presentCard(int door, Card card, String msgId) {
        return fleets.get(door / readersPerFleet).presentCard(door % readersPerFleet, card, msgId);
    }

    /** What a reader received: when (epoch ns) and whether it was a GRANT; kept small, 300,000 of them per run. */
    record Answer(long receivedEpochNanos, boolean grant) {
    }

    /** The first Indication received in reply to {@code msgId}, or null. */
    Answer indicationFor(String msgId) {
        return answers.get(msgId);
    }

    /** Forgets the indications of the previous phase; the next has {@code count} credentials named {@code prefix + i}. */
    void expectIndications(String prefix, int count) {
        answers = new Answers(prefix, count);
    }

    /** First answer per credential number, in two primitive arrays (a map of 300,000 entries lengthened every GC pause). */
    private static final class Answers {
        private final String prefix;
        private final long[] at;
        private final boolean[] grant;

        Answers(String prefix, int count) {
            this.prefix = prefix;
            this.at = new long[count];
            this.grant = new boolean[count];
        }

        private int index(String msgId) {
            if (!msgId.startsWith(prefix) || prefix.isEmpty()) {
                return -1;
            }
            try {
                int i = Integer.parseInt(msgId, prefix.length(), msgId.length(), 10);
                return i >= 0 && i < at.length ? i : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        synchronized void put(String msgId, long receivedEpochNanos, boolean granted) {
            int i = index(msgId);
            if (i >= 0 && at[i] == 0) {
                at[i] = receivedEpochNanos;
                grant[i] = granted;
            }
        }

        synchronized Answer get(String msgId) {
            int i = index(msgId);
            return i < 0 || at[i] == 0 ? null : new Answer(at[i], grant[i]);
        }
    }


    static String readerId(int door) {
        return "r" + door;
    }

    int doors() {
        return relays.doors();
    }

    void onAnswer(Probe p) {
        probe = p;
    }

    /** The gateway's start, from start() to ready (database, broker, policy loaded and compiled, HTTP up), in seconds. */
    double startSeconds() {
        return startNanos / 1e9;
    }

    RelayLog relays() {
        return relays;
    }

    Gateway gateway() {
        return gateway;
    }

    static <T> T await(Future<T> f, int seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (ReaderFleet f : fleets) {
            f.close();
        }
        try {
            if (gateway != null) {
                await(gateway.stop(), 90);
            }
            if (vertx != null) {
                await(vertx.close(), 10);
            }
        } catch (Exception e) {
            System.err.println("[bench] gateway stop: " + e);
        }
        for (DoorModuleSimulator m : modules) {
            m.close();
        }
    }
}
