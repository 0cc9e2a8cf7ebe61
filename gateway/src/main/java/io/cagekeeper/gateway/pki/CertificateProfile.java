package io.cagekeeper.gateway.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * What a leaf certificate may be used for. Each leaf gets exactly one extended key usage, so that a
 * stolen reader certificate cannot impersonate the broker and the broker's cannot log in as a client
 * (OpenSSL and JSSE both check the purpose during the handshake).
 */
public enum CertificateProfile {
    /** The gateway's MQTT client identity. */
    GATEWAY(KeyPurposeId.id_kp_clientAuth),
    /** A reader's MQTT client identity; the CN is the reader id, which the broker uses as user name. */
    READER(KeyPurposeId.id_kp_clientAuth),
    /** Mosquitto's server identity; carries the host names and addresses clients connect to as SAN. */
    BROKER(KeyPurposeId.id_kp_serverAuth),
    /** The gateway's HTTPS identity (API and console, {@code http.tls.cert}); the host names operators browse to as SAN. */
    SERVER(KeyPurposeId.id_kp_serverAuth),
    /** The gateway's report-signing identity (PDF signatures of reconciliation reports): RFC 9336 id-kp-documentSigning. */
    SIGNER(KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36")));

    private final KeyPurposeId purpose;

    CertificateProfile(KeyPurposeId purpose) {
        this.purpose = purpose;
    }

    KeyPurposeId purpose() {
        return purpose;
    }
}
