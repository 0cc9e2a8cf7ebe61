package io.cagekeeper.demo;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole cage in one process: embedded PostgreSQL (data kept in {@code ./data}), embedded MQTT
 * broker, a simulated door I/O module wired to a two-door mantrap, four simulated readers, the
 * gateway with its API and console, a seeded sample site and scripted traffic. Settings can be
 * overridden with the gateway's {@code CAGEKEEPER_*} environment variables (for example
 * {@code CAGEKEEPER_HTTP_PORT=9090}, or {@code CAGEKEEPER_DB_MODE=external} to use a real server).
 */
public final class CageDemo implements AutoCloseable {

    private final Vertx vertx;
    private final Gateway gateway;
    private final DoorModuleSimulator module;
    private final Map<String, ReaderSimulator> readers;
    private final DemoTraffic traffic;
    private final Thread trafficThread;

    private CageDemo(Vertx vertx, Gateway gateway, DoorModuleSimulator module, Map<String, ReaderSimulator> readers,
                     DemoTraffic traffic) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.module = module;
        this.readers = readers;
        this.traffic = traffic;
        this.trafficThread = new Thread(traffic, "demo-traffic");
        this.trafficThread.setDaemon(true);
    }

    public static void main(String[] args) throws Exception {
        CageDemo demo;
        try {
            demo = start(Map.of(), System.getenv());
        } catch (ConfigException e) {
            System.err.println("cagekeeper demo: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("cagekeeper demo: start-up failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the cage demo...");
            demo.close();
            System.out.println("Stopped. Data kept in ./data; run again to continue.");
            done.countDown();
        }, "demo-shutdown"));
        done.await();
    }

    static final List<String> READERS = List.of("outer-in", "outer-out", "inner-in", "inner-out");

    /** The demo's wiring: what the README's configuration reference shows for real hardware. */
    static Map<String, String> defaults(int modulePort) {
        Map<String, String> m = new HashMap<>();
        m.put("http.host", "127.0.0.1");
        m.put("http.port", "8080");
        m.put("db.mode", "embedded");
        m.put("db.dataDir", "data/postgres");
        m.put("mqtt.mode", "embedded");
        m.put("mqtt.embeddedPort", "0");
        m.put("mqtt.site", DemoSite.SITE);
        m.put("journal.dir", "data/journal");
        m.put("module.m1.host", "127.0.0.1");
        m.put("module.m1.port", Integer.toString(modulePort));
        m.put("module.m1.pollMs", "100");
        m.put("module.m1.watchdogMs", "2000");
        door(m, "outer", 0, 0, 1, 4);
        door(m, "inner", 1, 2, 3, 5);
        return m;
    }

    private static void door(Map<String, String> m, String id, int relay, int position, int rex, int tamper) {
        m.put("door." + id + ".module", "m1");
        m.put("door." + id + ".lockRelay", Integer.toString(relay));
        m.put("door." + id + ".lockType", "fail-secure");
        m.put("door." + id + ".releaseMs", "5000");
        m.put("door." + id + ".positionInput", Integer.toString(position));
        m.put("door." + id + ".rexInput", Integer.toString(rex));
        m.put("door." + id + ".tamperInput", Integer.toString(tamper));
        m.put("door." + id + ".fireInput", "7");
        m.put("door." + id + ".heldOpenSeconds", "30");
    }

    /**
     * Starts everything and returns once the traffic runs. {@code overrides} replace defaults
     * (tests use them for port 0 and a temporary data directory); {@code env} is applied last.
     */
    public static CageDemo start(Map<String, String> overrides, Map<String, String> env) throws Exception {
        DoorModuleSimulator module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
        Vertx vertx = null;
        try {
            Map<String, String> values = defaults(module.port());
            values.putAll(overrides);
            // every reader signs: the demo provisions a key per reader beside its data (kept across runs)
            Map<String, byte[]> keys = ReaderKeyFiles.provision(
                    java.nio.file.Path.of(values.getOrDefault("journal.dir", "data/journal")).resolveSibling("reader-keys"), READERS);
            values.putIfAbsent("readers.keysDir", java.nio.file.Path.of(values.getOrDefault("journal.dir", "data/journal"))
                    .resolveSibling("reader-keys").toString());
            GatewayConfig config = ConfigLoader.fromMap(values, env);
            module.setInput(4, true); // tamper loops intact
            module.setInput(5, true);
            SimulatedDoor outer = new SimulatedDoor("outer", module, 0, true, 0, 1);
            SimulatedDoor inner = new SimulatedDoor("inner", module, 1, true, 2, 3);
            vertx = Vertx.vertx();
            Gateway gateway = new Gateway(vertx, config);
            gateway.start().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            long version = gateway.policy().current().version();
            DemoSite.seedIfEmpty(gateway.policyStore(), version)
                    .compose(v -> gateway.policy().reload())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Map<String, ReaderSimulator> readers = new LinkedHashMap<>();
            for (String id : READERS) {
                ReaderConfig rc = ReaderConfig.of(gateway.brokerUri(), DemoSite.SITE, id).withHeartbeat(Duration.ofSeconds(30))
                        .withHmacKey(keys.get(id));
                // on the embedded broker each simulated reader logs in as itself, with its generated password (0600 file)
                ReaderSimulator r = new ReaderSimulator(gateway.embeddedBroker() == null ? rc
                        : rc.withCredentials(id, gateway.embeddedBroker().readerPassword(id)));
                r.connect();
                readers.put(id, r);
            }
            CageDemo demo = new CageDemo(vertx, gateway, module, readers, new DemoTraffic(readers, outer, inner));
            demo.logins.putAll(DemoUsers.provision(gateway));
            demo.printBanner(config);
            demo.trafficThread.start();
            return demo;
        } catch (Exception | Error e) {
            module.close();
            if (vertx != null) {
                vertx.close();
            }
            throw e;
        }
    }

    /** This run's demo logins (login → password), printed in the banner. */
    private final Map<String, String> logins = new LinkedHashMap<>();

    /** The password this run gave the demo user {@code login} (desk, facilities, auditor). */
    public String password(String login) {
        return logins.get(login);
    }

    public int httpPort() {
        return gateway.httpPort();
    }

    public Gateway gateway() {
        return gateway;
    }

    private void printBanner(GatewayConfig config) {
        String http = "http://" + config.http().host() + ":" + gateway.httpPort();
        System.out.println();
        System.out.println("Cagekeeper cage demo is running");
        System.out.println("  console          " + http + "/   log in as (passwords new at every start):");
        logins.forEach((login, password) -> System.out.println("                     " + String.format("%-10s", login) + " " + password
                + "   (" + DemoUsers.USERS.get(login).id() + ")"));
        if (gateway.initialAdminPassword() != null) {
            System.out.println("                     admin      " + gateway.initialAdminPassword() + "   (one-time: change it at first login)");
        }
        System.out.println("  API              " + http + "/api/health (public)  /openapi.yaml (the API's contract)");
        System.out.println("  PostgreSQL       " + gateway.database() + " (" + config.database() + ")");
        System.out.println("  MQTT broker      " + gateway.brokerUri() + (config.mqtt().mode() == GatewayConfig.BrokerMode.EMBEDDED
                ? " (embedded Moquette)" : " (external)"));
        System.out.println("  door I/O module  modbus tcp://127.0.0.1:" + module.port() + " unit 1 (simulated)");
        System.out.println("  doors            outer (DO0/DI0, REX DI1), inner (DO1/DI2, REX DI3): mantrap to cage A");
        System.out.println("  readers          " + String.join(", ", readers.keySet()) + " on " + config.mqtt().prefix() + "/"
                + config.mqtt().site() + "/readers/+");
        System.out.println("Press Ctrl-C to stop; data is kept for the next run.");
        System.out.println();
    }

    @Override
    public void close() {
        traffic.stop();
        trafficThread.interrupt();
        try {
            trafficThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("gateway did not stop cleanly: " + e.getMessage());
        }
        readers.values().forEach(ReaderSimulator::close);
        module.close();
        vertx.close();
    }
}
