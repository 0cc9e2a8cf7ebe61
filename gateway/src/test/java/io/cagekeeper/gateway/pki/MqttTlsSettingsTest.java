package io.cagekeeper.gateway.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.mqtt.BrokerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway side of TLS: the mqtt.tls.* settings and the broker connection's TLS built from them. */
class MqttTlsSettingsTest {

    @TempDir
    Path dir;
    private PkiLayout pki;

    @BeforeEach
    void issueGatewayCertificate() {
        pki = new PkiLayout(dir);
        PkiRun.quietly(dir, "init-ca", "--site", "dc1");
        PkiRun.quietly(dir, "issue-gateway");
        assertThat(pki.gatewayKey()).exists();
    }

    @Test
    void takesAllThreeTlsFilesForAnSslBrokerAndKeepsTheKeyOutOfToString() {
        GatewayConfig.Mqtt mqtt = ConfigLoader.fromMap(tls(pki.caCert(), pki.gatewayCert(), pki.gatewayKey()), Map.of()).mqtt();

        assertThat(mqtt.tls()).isTrue();
        assertThat(mqtt.tlsCa()).isEqualTo(pki.caCert());
        assertThat(mqtt.tlsKey()).isEqualTo(pki.gatewayKey());
        assertThat(mqtt.toString()).doesNotContain("gateway-key.pem");
    }

    @Test
    void refusesAnSslBrokerWithoutTlsFiles() {
        Map<String, String> values = Map.of("mqtt.mode", "external", "mqtt.uri", "ssl://127.0.0.1:8883");
        assertThatThrownBy(() -> ConfigLoader.fromMap(values, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.tls.ca");
    }

    @Test
    void refusesSomeButNotAllTlsFiles() {
        Map<String, String> values = tls(pki.caCert(), pki.gatewayCert(), pki.gatewayKey());
        values.remove("mqtt.tls.key");
        assertThatThrownBy(() -> ConfigLoader.fromMap(values, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("set all three or none");
    }

    @Test
    void refusesATlsFileThatDoesNotExistNamingTheSetting() {
        Map<String, String> values = tls(pki.caCert(), dir.resolve("nope.crt"), pki.gatewayKey());
        assertThatThrownBy(() -> ConfigLoader.fromMap(values, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mqtt.tls.cert'").hasMessageContaining("nope.crt");
    }

    @Test
    void connectsOnlyToABrokerOfTheSiteCaUnderANameInItsCertificateAndPresentsTheGatewayCertificate() throws Exception {
        PkiRun.quietly(dir, "issue-broker", "--host", "127.0.0.1");
        // the same CA's broker under another name, and a broker of another site's CA
        Path renamed = dir.resolve("renamed");
        Files.createDirectories(renamed);
        Files.copy(pki.caCert(), new PkiLayout(renamed).caCert());
        Files.copy(pki.caKey(), new PkiLayout(renamed).caKey());
        PkiRun.quietly(renamed, "issue-broker", "--host", "broker.dc1.example");
        Path other = dir.resolve("other");
        PkiRun.quietly(other, "init-ca", "--site", "dc2");
        PkiRun.quietly(other, "issue-broker", "--host", "127.0.0.1");
        MqttClientOptions options = BrokerTls.fromPem(pki.caCert(), pki.gatewayCert(), pki.gatewayKey()).applyTo(new MqttClientOptions());
        assertThat(options.getEnabledSecureTransportProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");

        Vertx vertx = Vertx.vertx();
        try {
            NetClient client = vertx.createNetClient(options);
            CompletableFuture<String> clientSeen = new CompletableFuture<>();
            int port = broker(vertx, pki, clientSeen);
            NetSocket socket = await(client.connect(port, "127.0.0.1"));
            assertThat(socket.isSsl()).isTrue();
            assertThat(clientSeen.get(10, TimeUnit.SECONDS))
                    .isEqualTo(PemFiles.readCertificate(pki.gatewayCert()).getSubjectX500Principal().getName());
            socket.close();

            int wrongName = broker(vertx, new PkiLayout(renamed), new CompletableFuture<>());
            assertThatThrownBy(() -> await(client.connect(wrongName, "127.0.0.1")))
                    .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
            int otherSite = broker(vertx, new PkiLayout(other), new CompletableFuture<>());
            assertThatThrownBy(() -> await(client.connect(otherSite, "127.0.0.1")))
                    .hasStackTraceContaining("PKIX path building failed");
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void namesTheFileButNotItsContentsWhenAKeyCannotBeRead() throws Exception {
        Files.writeString(dir.resolve("bad-key.pem"), "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> BrokerTls.fromPem(pki.caCert(), pki.gatewayCert(), dir.resolve("bad-key.pem")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bad-key.pem").hasMessageNotContaining("c2VjcmV0");
    }

    /** A TLS server with {@code broker}'s broker certificate, requiring a client certificate of its CA; its port. */
    private static int broker(Vertx vertx, PkiLayout broker, CompletableFuture<String> clientSeen) throws Exception {
        NetServerOptions options = new NetServerOptions().setSsl(true).setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(broker.brokerCert().toString()).setKeyPath(broker.brokerKey().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(broker.caCert().toString()));
        NetServer server = await(vertx.createNetServer(options).connectHandler(s -> {
            try {
                clientSeen.complete(((X509Certificate) s.peerCertificates().get(0)).getSubjectX500Principal().getName());
            } catch (Exception e) {
                clientSeen.completeExceptionally(e);
            }
        }).listen(0, "127.0.0.1"));
        return server.actualPort();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Map<String, String> tls(Path ca, Path cert, Path key) {
        Map<String, String> values = new HashMap<>(Map.of("mqtt.mode", "external", "mqtt.uri", "ssl://127.0.0.1:8883",
                "mqtt.tls.ca", ca.toString(), "mqtt.tls.cert", cert.toString()));
        values.put("mqtt.tls.key", key.toString());
        return values;
    }
}
