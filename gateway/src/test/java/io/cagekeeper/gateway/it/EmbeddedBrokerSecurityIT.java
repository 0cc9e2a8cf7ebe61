package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.mqtt.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attacks of a local process on the gateway's embedded broker: connecting without a password or
 * with a guessed one, forging a reader's credential (anonymously, or as another reader), and reading
 * the broker's store, which holds raw payloads (typed PINs included) until they are delivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerSecurityIT {

    private static final String TOPICS = "cage/dc1/readers/";

    private Backends backends;
    private Path dir;
    private RunningGateway running;
    private Gateway gateway;
    private String uri;

    @BeforeAll
    void startGatewayWithItsEmbeddedBroker() throws Exception {
        backends = Backends.start();
        dir = Files.createTempDirectory("cagekeeper-broker-it");
        // a store left world-readable by an older version
        Path oldStore = Files.createDirectories(dir.resolve("broker"));
        Files.setPosixFilePermissions(oldStore, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(oldStore.resolve("old-segment"), "queued payload with a PIN");
        Files.setPosixFilePermissions(oldStore.resolve("old-segment"), PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> cfg = new HashMap<>(Map.of("http.port", "0", "mqtt.mode", "embedded",
                "journal.dir", dir.resolve("journal").toString(), "db.mode", "external", "db.host", backends.db().host(),
                "db.port", Integer.toString(backends.db().port()), "db.database", backends.db().database()));
        cfg.putAll(Map.of("db.user", backends.gatewayDb().user(), "db.password", backends.gatewayDb().password(),
                "db.migrationUser", backends.db().user(), "db.migrationPassword", backends.db().password()));
        running = new RunningGateway(cfg);
        gateway = running.gateway;
        uri = gateway.brokerUri();
    }

    @AfterAll
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(uri).startsWith("tcp://127.0.0.1:");
    }

    @Test
    void refusesAnAnonymousClient() {
        assertThat(refused("r1", null, null)).isTrue();
    }

    @Test
    void refusesAWrongPasswordAndAReadersPasswordUnderAnotherClientId() throws Exception {
        EmbeddedBroker broker = gateway.embeddedBroker();
        String r1 = broker.readerPassword("r1");
        assertThat(refused("r1", "r1", "guessed")).as("a guessed reader password").isTrue();
        assertThat(refused("x", broker.gatewayUser(), "guessed")).as("a guessed gateway password").isTrue();
        assertThat(refused("r1", "nobody", r1)).as("an unknown user").isTrue();
        assertThat(refused(broker.gatewayUser(), "r1", r1)).as("r1 taking over the gateway's session").isTrue();
        assertThat(refused("r1", "r1", r1)).as("r1 as itself").isFalse();
    }

    @Test
    void aForgedCredentialFromAnotherLocalProcessNeverReachesTheGateway() throws Exception {
        EmbeddedBroker broker = gateway.embeddedBroker();
        long before = gateway.metrics().get("rejected.total") + gateway.metrics().get("decisions.deny")
                + gateway.metrics().get("decisions.grant");
        byte[] forged = "{\"v\":1,\"msgId\":\"forged\"}".getBytes(StandardCharsets.UTF_8);
        MqttClient anonymous = null;
        try {
            anonymous = connect("r2", null, null);
            anonymous.publish(TOPICS + "r2/credential", forged, 1, false);
        } catch (MqttException refused) {
            // refused at connect: nothing published
        } finally {
            closeQuietly(anonymous);
        }
        MqttClient r1 = connect("r1", "r1", broker.readerPassword("r1"));
        // as another reader, on another site, and as the gateway: dropped by the broker's ACL
        for (String topic : List.of(TOPICS + "r2/credential", "cage/dc2/readers/r1/credential", TOPICS + "r1/indicate")) {
            try {
                r1.publish(topic, forged, 0, false);
            } catch (MqttException dropped) {
                // Moquette may close the connection of a client that publishes where it may not
            }
        }
        closeQuietly(r1);
        MqttClient marker = connect("r1", "r1", broker.readerPassword("r1"));
        marker.publish(TOPICS + "r1/credential", "{\"v\":1,\"msgId\":\"marker\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        closeQuietly(marker);
        Await.until(Duration.ofSeconds(10), "the marker reached the gateway", () -> seen() > before);
        Thread.sleep(500);
        assertThat(seen() - before).as("messages that reached the gateway: only the marker").isEqualTo(1);
    }

    @Test
    void keepsItsStoreAndItsPasswordsReadableByTheOwnerOnly() throws Exception {
        for (Path root : List.of(dir.resolve("broker"), dir.resolve("broker-secrets"))) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                }
            }
        }
        assertThat(dir.resolve("broker").resolve("moquette_store.h2")).exists();
        assertThat(dir.resolve("broker-secrets").resolve("gateway.password")).exists();
    }

    private long seen() {
        return gateway.metrics().get("rejected.total") + gateway.metrics().get("decisions.deny") + gateway.metrics().get("decisions.grant");
    }

    /** True when the broker refuses the connection. */
    private boolean refused(String clientId, String user, String password) {
        try {
            closeQuietly(connect(clientId, user, password));
            return false;
        } catch (MqttException e) {
            return true;
        }
    }

    private static void closeQuietly(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(1_000);
            }
        } catch (MqttException ignored) {
            // gone already
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // closing a client never matters to the test
        }
    }

    private MqttClient connect(String clientId, String user, String password) throws MqttException {
        MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }
}
