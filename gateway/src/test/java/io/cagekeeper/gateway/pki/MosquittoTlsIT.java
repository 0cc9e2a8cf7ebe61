package io.cagekeeper.gateway.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.gateway.mqtt.MqttReaderAdapter;
import io.cagekeeper.gateway.mqtt.TlsSocketFactory;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The PKI against the real Mosquitto: a private broker started from the generated configuration
 * on a free port, Paho clients with the generated certificates. Proves that the certificates, the
 * TLS listener and the per-reader ACL work together, not merely that the files look right.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoTlsIT {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final String TOPICS = "cage/dc1/readers/";

    private Path dir;
    private PkiLayout pki;
    private Process broker;
    private Path brokerLog;
    private String uri;

    @BeforeAll
    void startPrivateBroker() throws Exception {
        assumeTrue(Files.isExecutable(MOSQUITTO), "Mosquitto is not installed at " + MOSQUITTO + " (apt-get install mosquitto); skipping the TLS broker test");
        dir = Files.createTempDirectory("cagekeeper-pki-it");
        pki = new PkiLayout(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pki("init-ca", "--site", "dc1");
        pki("issue-gateway");
        pki("issue-broker", "--host", "127.0.0.1");
        pki("issue-reader", "--reader", "r1");
        pki("issue-reader", "--reader", "r2");
        // started as root, Mosquitto would switch to the 'mosquitto' account, which cannot read this private temp dir
        pki("mosquitto-conf", "--port", Integer.toString(port), "--user", System.getProperty("user.name"));
        brokerLog = dir.resolve("mosquitto.log");
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", pki.mosquittoConf().toString())
                .redirectErrorStream(true).redirectOutput(brokerLog.toFile()).start();
        uri = "ssl://127.0.0.1:" + port;
        awaitListening(port);
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(5, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void deliversAReadersCredentialToTheGatewayOverTls() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (MqttClient gateway = gatewayClient(received); MqttClient reader = client(pki.readerCert("r1"), pki.readerKey("r1"))) {
            reader.publish(TOPICS + "r1/credential", "card-1".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(TOPICS + "r1/credential card-1");
            gateway.disconnect();
            reader.disconnect();
        }
    }

    @Test
    void dropsAReadersPublishOnAnotherReadersTopic() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (MqttClient gateway = gatewayClient(received); MqttClient reader = client(pki.readerCert("r1"), pki.readerKey("r1"))) {
            reader.publish(TOPICS + "r2/credential", "forged".getBytes(StandardCharsets.UTF_8), 1, false);
            reader.publish(TOPICS + "r1/indicate", "forged".getBytes(StandardCharsets.UTF_8), 1, false);
            // same connection, same QoS: had the broker let the forgeries through, they would arrive first
            reader.publish(TOPICS + "r1/status", "marker".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(TOPICS + "r1/status marker");
            assertThat(received).isEmpty();
            gateway.disconnect();
            reader.disconnect();
        }
    }

    @Test
    void dropsAReadersPublishUnderAnotherSite() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        // a subscriber as wide as the old ACL allowed: every site's reader topics
        try (MqttClient gateway = client(pki.gatewayCert(), pki.gatewayKey());
             MqttClient reader = client(pki.readerCert("r1"), pki.readerKey("r1"))) {
            gateway.subscribe("cage/+/readers/+/+", 1, (topic, message) -> received.add(topic + " "
                    + new String(message.getPayload(), StandardCharsets.UTF_8)));
            reader.publish("cage/dc2/readers/r1/credential", "forged".getBytes(StandardCharsets.UTF_8), 1, false);
            reader.publish(TOPICS + "r1/status", "marker".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(TOPICS + "r1/status marker");
            assertThat(received).isEmpty();
            gateway.disconnect();
            reader.disconnect();
        }
    }

    @Test
    void refusesAClientWithoutACertificate() {
        assertThatThrownBy(() -> connect(TlsSocketFactory.fromPem(pki.caCert(), null, null)))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void refusesAReaderCertificateFromAnotherSitesCa() throws Exception {
        Path other = Files.createTempDirectory(dir, "other-site");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(PkiCommand.run(new String[] {"init-ca", "--dir", other.toString(), "--site", "dc2"}, quiet, quiet)).isZero();
        assertThat(PkiCommand.run(new String[] {"issue-reader", "--dir", other.toString(), "--reader", "r1"}, quiet, quiet)).isZero();
        PkiLayout stranger = new PkiLayout(other);

        assertThatThrownBy(() -> connect(TlsSocketFactory.fromPem(pki.caCert(), stranger.readerCert("r1"), stranger.readerKey("r1"))))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void letsTheGatewayAdapterConnectWithTheConfiguredTlsFilesAndReceiveReaderMessages() throws Exception {
        GatewayConfig.Mqtt config = ConfigLoader.fromMap(Map.of("mqtt.mode", "external", "mqtt.uri", uri, "mqtt.site", "dc1",
                "mqtt.tls.ca", pki.caCert().toString(), "mqtt.tls.cert", pki.gatewayCert().toString(),
                "mqtt.tls.key", pki.gatewayKey().toString()), Map.of()).mqtt();
        Vertx vertx = Vertx.vertx();
        BlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
        MqttReaderAdapter adapter = new MqttReaderAdapter(vertx.getOrCreateContext(), config, config.brokerUri(),
                m -> {
                    received.add(m);
                    m.ack();
                }, up -> { }, new io.cagekeeper.gateway.access.Metrics());
        try (MqttClient reader = client(pki.readerCert("r2"), pki.readerKey("r2"))) {
            adapter.start().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            reader.publish(TOPICS + "r2/event", "{}".getBytes(StandardCharsets.UTF_8), 1, false);

            IncomingMessage m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.topic()).isEqualTo(TOPICS + "r2/event");
            reader.disconnect();
        } finally {
            adapter.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private MqttClient gatewayClient(BlockingQueue<String> received) throws MqttException {
        MqttClient gateway = client(pki.gatewayCert(), pki.gatewayKey());
        gateway.subscribe(TOPICS + "+/+", 1, (topic, message) -> received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
        return gateway;
    }

    private MqttClient client(Path cert, Path key) throws MqttException {
        return connect(TlsSocketFactory.fromPem(pki.caCert(), cert, key));
    }

    private MqttClient connect(TlsSocketFactory factory) throws MqttException {
        // the broker replaces the client id by the certificate CN (use_username_as_clientid)
        MqttClient c = new MqttClient(uri, "it-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(factory);
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    private void pki(String command, String... options) {
        PkiRun.quietly(dir, command, options);
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new AssertionError("mosquitto exited with " + broker.exitValue() + ":\n" + Files.readString(brokerLog));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + " within 15 s:\n" + Files.readString(brokerLog));
    }
}
