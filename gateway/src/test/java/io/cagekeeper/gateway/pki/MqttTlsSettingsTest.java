package io.cagekeeper.gateway.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.mqtt.TlsSocketFactory;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway side of TLS: the mqtt.tls.* settings and the socket factory built from them. */
class MqttTlsSettingsTest {

    @TempDir
    Path dir;
    private PkiLayout pki;

    @BeforeEach
    void issueGatewayCertificate() {
        pki = new PkiLayout(dir);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        PkiCommand.run(new String[] {"init-ca", "--dir", dir.toString(), "--site", "dc1"}, quiet, quiet);
        PkiCommand.run(new String[] {"issue-gateway", "--dir", dir.toString()}, quiet, quiet);
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
    void makesTlsSocketsWithNagleOffAndOnlyTls12Or13() throws Exception {
        TlsSocketFactory factory = TlsSocketFactory.fromPem(pki.caCert(), pki.gatewayCert(), pki.gatewayKey());
        try (Socket s = factory.createSocket()) {
            assertThat(s).isInstanceOf(SSLSocket.class);
            assertThat(s.getTcpNoDelay()).isTrue();
            assertThat(Arrays.asList(((SSLSocket) s).getEnabledProtocols())).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void namesTheFileButNotItsContentsWhenAKeyCannotBeRead() throws Exception {
        Files.writeString(dir.resolve("bad-key.pem"), "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsSocketFactory.fromPem(pki.caCert(), pki.gatewayCert(), dir.resolve("bad-key.pem")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bad-key.pem").hasMessageNotContaining("c2VjcmV0");
    }

    private Map<String, String> tls(Path ca, Path cert, Path key) {
        Map<String, String> values = new HashMap<>(Map.of("mqtt.mode", "external", "mqtt.uri", "ssl://127.0.0.1:8883",
                "mqtt.tls.ca", ca.toString(), "mqtt.tls.cert", cert.toString()));
        values.put("mqtt.tls.key", key.toString());
        return values;
    }
}
