package io.cagekeeper.gateway.pki;

import java.nio.file.Path;

/**
 * Where each file of a site PKI lives under its directory. One fixed layout so that every
 * subcommand, the Mosquitto configuration and the documentation agree without extra options.
 * Reader TLS keys are {@code <id>-key.pem}; {@code <id>.key} is the reader's HMAC key.
 */
public record PkiLayout(Path dir) {

    public PkiLayout {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path caKey() {
        return dir.resolve("ca-key.pem");
    }

    public Path gatewayCert() {
        return dir.resolve("gateway.crt");
    }

    public Path gatewayKey() {
        return dir.resolve("gateway-key.pem");
    }

    public Path brokerCert() {
        return dir.resolve("broker.crt");
    }

    public Path brokerKey() {
        return dir.resolve("broker-key.pem");
    }

    /** The report-signing certificate and the site CA after it ({@code reconciliation.pdfSignerCert}). */
    public Path signerCert() {
        return dir.resolve("report-signer.crt");
    }

    /** The report-signing private key ({@code reconciliation.pdfSignerKey}). */
    public Path signerKey() {
        return dir.resolve("report-signer-key.pem");
    }

    /** The gateway's HTTPS certificate ({@code http.tls.cert}). */
    public Path serverCert() {
        return dir.resolve("server.crt");
    }

    /** The gateway's HTTPS private key ({@code http.tls.key}). */
    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    public Path readersDir() {
        return dir.resolve("readers");
    }

    public Path readerCert(String id) {
        return readersDir().resolve(id + ".crt");
    }

    public Path readerKey(String id) {
        return readersDir().resolve(id + "-key.pem");
    }

    /** The reader's 32-byte HMAC key, base64, as the gateway and the reader both need it. */
    public Path readerHmacKey(String id) {
        return readersDir().resolve(id + ".key");
    }

    /** The verifiable log's signing key (signed-note format; {@code .pub} beside it): {@code tlog.key}. */
    public Path logSigningKey() {
        return dir.resolve("log-signing.key");
    }

    public Path mosquittoConf() {
        return dir.resolve("mosquitto.conf");
    }

    public Path mosquittoAcl() {
        return dir.resolve("mosquitto.acl");
    }
}
