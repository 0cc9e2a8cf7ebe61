package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
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
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One door, one entry reader and a gateway wired to real backends, seeded with two people: Alice
 * (enrolled, granted) and Carol (badge reported LOST). The integration tests' common fixture.
 */
final class TestCage implements AutoCloseable {

    static final CardNumber ALICE = CardNumber.h10301(18, 40211);
    static final CardNumber LOST = CardNumber.h10301(18, 40213);

    final DoorModuleSimulator module;
    final SimulatedDoor door;
    final Vertx vertx;
    Gateway gateway;
    private final GatewayConfig config;
    private final Map<String, String> settings;
    final ReaderSimulator reader;
    /** An API client holding a token with every role (what most tests need to look at the gateway). */
    ApiClient api;
    final String site;
    final List<String> relayChanges = new CopyOnWriteArrayList<>();
    private final io.cagekeeper.gateway.db.PgEndpoint db;

    /** Starts the cage; {@code dbPort} lets a test put a proxy between the gateway and the database. */
    TestCage(Backends backends, int dbPort) throws Exception {
        this(backends, dbPort, Map.of(), null);
    }

    /** Reader ids that get a provisioned key in every cage (the MAC is mandatory for every reader). */
    static final List<String> KEYED_READERS = List.of("r1-in", "r1-out", "r2-in", "r2-out");
    private final Map<String, byte[]> keys = new HashMap<>();

    /**
     * With extra gateway settings. Every reader of {@link #KEYED_READERS} gets a random key, unless
     * {@code extra} names its own {@code readers.keysDir}; then {@code readerKey} is r1-in's key.
     */
    TestCage(Backends backends, int dbPort, Map<String, String> extra, byte[] readerKey) throws Exception {
        db = backends.db();
        module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
        module.addCoilListener((channel, energised, at) -> relayChanges.add(channel + ":" + energised));
        door = new SimulatedDoor("d1", module, 0, true, 0, 1);
        site = "it" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> cfg = new HashMap<>();
        cfg.put("http.port", "0");
        cfg.put("db.mode", "external");
        cfg.put("db.host", backends.db().host());
        cfg.put("db.port", Integer.toString(dbPort));
        cfg.put("db.database", backends.db().database());
        cfg.put("db.user", backends.gatewayDb().user());
        cfg.put("db.password", backends.gatewayDb().password());
        cfg.put("db.migrationUser", backends.db().user());
        cfg.put("db.migrationPassword", backends.db().password());
        cfg.put("mqtt.mode", "external");
        cfg.put("mqtt.uri", backends.brokerUri());
        cfg.put("mqtt.site", site);
        cfg.put("mqtt.clientId", "gw-" + site);
        cfg.putAll(backends.gatewayMqttLogin());
        cfg.put("journal.dir", backends.dir().resolve("journal-" + site).toString());
        cfg.put("module.m1.host", "127.0.0.1");
        cfg.put("module.m1.port", Integer.toString(module.port()));
        cfg.put("module.m1.pollMs", "50");
        cfg.put("door.d1.module", "m1");
        cfg.put("door.d1.lockRelay", "0");
        cfg.put("door.d1.releaseMs", "700");
        cfg.put("door.d1.positionInput", "0");
        cfg.put("door.d1.rexInput", "1");
        if (!extra.containsKey("readers.keysDir")) {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(backends.dir().resolve("keys-" + site));
            java.security.SecureRandom random = new java.security.SecureRandom();
            for (String id : KEYED_READERS) {
                byte[] k = new byte[32];
                random.nextBytes(k);
                keys.put(id, k);
                java.nio.file.Files.writeString(dir.resolve(id + ".key"), java.util.Base64.getEncoder().encodeToString(k));
            }
            cfg.put("readers.keysDir", dir.toString());
        } else if (readerKey != null) {
            keys.put("r1-in", readerKey);
        }
        // no catch-up reconciliation of yesterday at every start unless a test asks for the nightly run
        cfg.put("reconciliation.nightlyAt", "off");
        cfg.putAll(extra);
        settings = Map.copyOf(cfg);
        config = ConfigLoader.fromMap(cfg, Map.of());
        vertx = Vertx.vertx();
        ReaderSimulator r = null;
        try {
            gateway = new Gateway(vertx, config);
            gateway.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            seed(gateway.policyStore()).compose(v -> gateway.policy().reload())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            api = ApiClient.token(() -> gateway);
            r = new ReaderSimulator(readerConfig("r1-in"));
            r.connect();
            Await.until(Duration.ofSeconds(10), "module online", () -> gateway.modules().get("m1").online());
        } catch (Exception | AssertionError e) {
            // a cage that fails to start leaves no reader reconnecting into a later test's broker session
            if (r != null) {
                r.close();
            }
            vertx.close();
            module.close();
            throw e;
        }
        reader = r;
    }

    /** A simulated reader of this cage, signing with its provisioned key when it has one. */
    ReaderConfig readerConfig(String readerId) {
        ReaderConfig rc = ReaderConfig.of(gateway.brokerUri(), site, readerId);
        byte[] k = keys.get(readerId);
        return k == null ? rc : rc.withHmacKey(k);
    }

    /** The database as its owner (migrations, the command line's admin reset). */
    io.cagekeeper.gateway.db.PgEndpoint ownerDb() {
        return db;
    }

    /** The provisioned key of a reader (to sign hand-made payloads), or null. */
    byte[] key(String readerId) {
        return keys.get(readerId);
    }

    private io.vertx.core.Future<Long> seed(PolicyStore store) {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        List<PolicyStore.Statement> s = new ArrayList<>();
        s.add(PolicyStore.upsertSite(new Site(site, "IT site", java.time.ZoneOffset.UTC)));
        s.add(PolicyStore.upsertZone(new Zone("hall", "Hall", null)));
        s.add(PolicyStore.upsertZone(new Zone("cage", "Cage", "hall")));
        s.add(PolicyStore.upsertDoor(new Door("d1", "Cage door", "hall", "cage", null)));
        s.add(PolicyStore.upsertReader(new Reader("r1-in", "d1", ReaderSide.ENTRY)));
        s.add(PolicyStore.upsertSchedule(Schedule.always("always")));
        s.addAll(PolicyStore.putAccessLevel(new AccessLevel("cage", "Cage", List.of(new DoorSchedule("d1", "always")))));
        s.add(PolicyStore.upsertPerson(new Person("p-alice", "Alice", PersonType.EMPLOYEE, null)));
        s.add(PolicyStore.upsertPerson(new Person("p-carol", "Carol", PersonType.EMPLOYEE, null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-alice", ALICE, "p-alice", CredentialStatus.ACTIVE, from, null, null, null, null)));
        s.add(PolicyStore.upsertCredential(new Credential("c-carol", LOST, "p-carol", CredentialStatus.LOST, from, null,
                from, "facilities", null)));
        s.add(PolicyStore.upsertGrant(new Grant("g-alice", "p-alice", "cage", from, null, "desk")));
        s.add(PolicyStore.upsertGrant(new Grant("g-carol", "p-carol", "cage", from, null, "desk")));
        return store.change("it", "test site", s);
    }

    /** Stops the gateway and starts a new one on the same database, broker session and modules. */
    Gateway restartGateway() throws Exception {
        return restartGateway(config);
    }

    /** Stops the gateway and starts a new one with the same settings but a new broker session (a fresh subscription). */
    Gateway restartGatewayWithANewBrokerSession() throws Exception {
        Map<String, String> cfg = new HashMap<>(settings);
        cfg.put("mqtt.clientId", "gw-" + site + "-" + UUID.randomUUID().toString().substring(0, 8));
        return restartGateway(ConfigLoader.fromMap(cfg, Map.of()));
    }

    private Gateway restartGateway(GatewayConfig config) throws Exception {
        gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        gateway = new Gateway(vertx, config);
        gateway.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return gateway;
    }

    /** GET on the gateway's API with a token holding every role. */
    HttpResponse<String> get(String path) throws Exception {
        return api.get(path);
    }

    /** POST of a JSON body on the gateway's API with a token holding every role. */
    HttpResponse<String> post(String path, String json) throws Exception {
        return api.post(path, json);
    }

    /** The event row (id, snapshot_version, event_key) of the reader's credential {@code msgId}, once its replay record is stored too. */
    Map<String, Object> decisionEvent(String msgId) {
        String key = "reader:r1-in:" + msgId;
        awaitRow("SELECT event_key FROM decision_records WHERE event_key = '" + key + "'");
        return awaitRow("SELECT id, snapshot_version, event_key FROM events WHERE event_key = '" + key + "'");
    }

    /** {@code GET /api/events/{id}/replay} of a row from {@link #decisionEvent}; must answer 200. */
    JsonObject replay(Map<String, Object> event) throws Exception {
        HttpResponse<String> r = get("/api/events/" + event.get("id") + "/replay");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    /** Adds to the stored policy and waits until the gateway decides with it. */
    void change(List<PolicyStore.Statement> statements) throws Exception {
        gateway.policyStore().change("it", "test change", statements).compose(v -> gateway.policy().reload())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    Map<String, Object> awaitRow(String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Await.until(Duration.ofSeconds(15), sql, () -> {
            rows.clear();
            rows.addAll(query(sql));
            return !rows.isEmpty();
        });
        return rows.get(0);
    }

    /** Reads through JDBC straight from the database (not through the gateway). */
    List<Map<String, Object>> query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Array a) {
                        v = java.util.Arrays.toString((Object[]) a.getArray());
                    }
                    row.put(rs.getMetaData().getColumnName(i), v);
                }
                out.add(row);
            }
            return out;
        }
    }

    @Override
    public void close() throws Exception {
        reader.close();
        gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        module.close();
    }
}
