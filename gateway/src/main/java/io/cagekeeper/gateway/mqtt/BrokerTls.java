package io.cagekeeper.gateway.mqtt;

import io.cagekeeper.gateway.pki.PemFiles;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The gateway's TLS towards an {@code ssl://} broker, built straight from the PEM files the {@code pki}
 * command writes: the site CA is the only trust anchor (a public CA must not be able to vouch for a
 * rogue broker), the broker's host name must match its certificate (HTTPS rules, as Paho checked it),
 * the client certificate is the gateway's broker identity, and only TLS 1.3 and 1.2 are enabled.
 * The files are read up front, so a bad one fails the start naming the file, never its contents.
 */
public final class BrokerTls {

    private static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    private final KeyManagerFactory keys;
    private final TrustManagerFactory trust;

    private BrokerTls(KeyManagerFactory keys, TrustManagerFactory trust) {
        this.keys = keys;
        this.trust = trust;
    }

    /**
     * @param clientCert and {@code clientKey}: both null for a connection without a client
     *                   certificate (which a Cagekeeper broker refuses; tests use it to prove that)
     * @throws IllegalStateException naming the file that cannot be used, never its contents
     */
    public static BrokerTls fromPem(Path caCert, Path clientCert, Path clientKey) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("ca", PemFiles.readCertificate(caCert));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            KeyManagerFactory kmf = null;
            if (clientCert != null) {
                X509Certificate cert = PemFiles.readCertificate(clientCert);
                PrivateKey key = PemFiles.readPrivateKey(clientKey);
                char[] password = new char[0];
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("client", key, password, new Certificate[] {cert});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, password);
            }
            return new BrokerTls(kmf, tmf);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IllegalStateException("cannot set up TLS from " + caCert + ", " + clientCert + ", " + clientKey
                    + ": " + e.getMessage(), null);
        }
    }

    /** Turns TLS on in {@code options} with this trust anchor, identity, host name check and protocols. */
    public MqttClientOptions applyTo(MqttClientOptions options) {
        options.setSsl(true)
                .setHostnameVerificationAlgorithm("HTTPS")
                .setTrustOptions(TrustOptions.wrap(trust));
        if (keys != null) {
            options.setKeyCertOptions(KeyCertOptions.wrap(keys));
        }
        options.setEnabledSecureTransportProtocols(PROTOCOLS);
        return options;
    }

    /** The client identity; null without a client certificate. */
    KeyManagerFactory keys() {
        return keys;
    }

    TrustManagerFactory trust() {
        return trust;
    }
}
