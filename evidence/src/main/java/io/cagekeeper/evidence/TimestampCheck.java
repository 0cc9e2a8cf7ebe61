package io.cagekeeper.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks an RFC 3161 time-stamp token (a CMS SignedData over a TSTInfo) that a time-stamping authority
 * gave for a signed checkpoint, against the TSA's certificate, with the JDK alone: the message imprint
 * is SHA-256 of the note's bytes, the signed attributes carry the TSTInfo's digest and the certificate's
 * (ESSCertIDv2, when present), the signature over them verifies with the certificate's key, and the
 * certificate is a time-stamping one (the id-kp-timeStamping extended key usage, critical, RFC 3161
 * §2.3) valid at the token's time. So an auditor can show that a checkpoint existed at a time the
 * operator's clock did not decide.
 */
public final class TimestampCheck {

    /** What a verified token says. */
    public record Stamp(Instant genTime, BigInteger nonce, BigInteger serial, String policy, String tsa) {
        @Override
        public String toString() {
            return "time-stamped by '" + tsa + "' at " + genTime + " (serial " + serial + ", nonce " + (nonce == null ? "none" : nonce)
                    + ", policy " + policy + ")";
        }
    }

    static final String SIGNED_DATA = "1.2.840.113549.1.7.2";
    static final String TST_INFO = "1.2.840.113549.1.9.16.1.4";
    static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    private static final String CONTENT_TYPE = "1.2.840.113549.1.9.3";
    private static final String MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
    private static final String SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47";
    private static final Map<String, String> DIGESTS = Map.of(SHA256, "SHA-256", "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");
    private static final Map<String, String> SIGNATURES = Map.of(
            "1.2.840.113549.1.1.11", "SHA256withRSA", "1.2.840.113549.1.1.12", "SHA384withRSA", "1.2.840.113549.1.1.13", "SHA512withRSA",
            "1.2.840.10045.4.3.2", "SHA256withECDSA", "1.2.840.10045.4.3.3", "SHA384withECDSA", "1.2.840.10045.4.3.4", "SHA512withECDSA",
            "1.3.101.112", "Ed25519");

    private TimestampCheck() {
    }

    /** Reads a TSA certificate (PEM or DER) and checks that it is one: id-kp-timeStamping, critical. */
    public static X509Certificate tsaCertificate(Path file) throws IOException {
        X509Certificate c;
        try (InputStream in = Files.newInputStream(file)) {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not an X.509 certificate: " + e.getMessage());
        }
        try {
            List<String> eku = c.getExtendedKeyUsage();
            if (eku == null || !eku.contains(TIME_STAMPING) || !c.getCriticalExtensionOIDs().contains("2.5.29.37")) {
                throw new IllegalArgumentException(file + " is not a time-stamping certificate (RFC 3161 asks for the critical "
                        + "extended key usage id-kp-timeStamping)");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IllegalArgumentException(file + ": unreadable extended key usage");
        }
        return c;
    }

    /**
     * Checks {@code token} (DER) as the time-stamp of {@code note} (the signed note's bytes, as served and
     * written) by {@code tsa}; fails with what does not hold.
     */
    public static Stamp verify(byte[] token, byte[] note, X509Certificate tsa) {
        try {
            return check(token, note, tsa);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("the time-stamp") || e.getMessage().startsWith("the TSA") ? e : new IllegalArgumentException("the time-stamp token is malformed: " + e.getMessage());
        }
    }

    private static Stamp check(byte[] token, byte[] note, X509Certificate tsa) {
        Der signedData;
        Der tstInfo;
        byte[] eContent;
        try {
            Der ci = Der.read(token).expect(0x30, "a ContentInfo");
            if (!ci.child(0).oid().equals(SIGNED_DATA)) {
                throw new IllegalArgumentException("not a CMS SignedData");
            }
            signedData = ci.child(1).expect(0xa0, "the SignedData").child(0).expect(0x30, "the SignedData");
            Der encap = signedData.child(2).expect(0x30, "the encapsulated content");
            if (!encap.child(0).oid().equals(TST_INFO)) {
                throw new IllegalArgumentException("the signed content is not a TSTInfo");
            }
            eContent = encap.child(1).expect(0xa0, "the eContent").child(0).expect(0x04, "the eContent").content();
            tstInfo = Der.read(eContent).expect(0x30, "a TSTInfo");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the time-stamp token is not one: " + e.getMessage());
        }
        Der imprint = tstInfo.child(2).expect(0x30, "the message imprint");
        if (!imprint.child(0).child(0).oid().equals(SHA256)
                || !Arrays.equals(imprint.child(1).expect(0x04, "the hashed message").content(), Merkle.sha256().digest(note))) {
            throw new IllegalArgumentException("the time-stamp is of another document: its message imprint is not SHA-256 of this checkpoint");
        }
        BigInteger serial = tstInfo.child(3).integer();
        Instant genTime = generalizedTime(tstInfo.child(4).expect(0x18, "the genTime"));
        BigInteger nonce = null;
        for (Der d : tstInfo.children().subList(5, tstInfo.children().size())) {
            if (d.tag() == 0x02) {
                nonce = d.integer();
            }
        }
        checkSigner(signedData, eContent, tsa);
        try {
            tsa.checkValidity(java.util.Date.from(genTime));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TSA's certificate was not valid at the token's time " + genTime);
        }
        return new Stamp(genTime, nonce, serial, tstInfo.child(1).oid(), tsa.getSubjectX500Principal().getName());
    }

    private static void checkSigner(Der signedData, byte[] eContent, X509Certificate tsa) {
        Der signerInfos = signedData.children().get(signedData.children().size() - 1).expect(0x31, "the signer infos");
        if (signerInfos.children().size() != 1) {
            throw new IllegalArgumentException("a time-stamp token has exactly one signer");
        }
        Der si = signerInfos.child(0);
        Der sid = si.child(1);
        if (sid.tag() == 0x30 && !(Arrays.equals(sid.child(0).encoded(), tsa.getIssuerX500Principal().getEncoded())
                && sid.child(1).integer().equals(tsa.getSerialNumber()))) {
            throw new IllegalArgumentException("the time-stamp token is signed by another certificate than the TSA's given");
        }
        String digestName = DIGESTS.get(si.child(2).child(0).oid());
        Der attrs = si.child(3).expect(0xa0, "the signed attributes");
        String sigName = SIGNATURES.get(si.child(4).child(0).oid());
        if (digestName == null || sigName == null) {
            throw new IllegalArgumentException("the time-stamp token uses an algorithm this verifier does not know");
        }
        byte[] contentDigest = null;
        for (Der a : attrs.children()) {
            String type = a.child(0).oid();
            Der value = a.child(1).child(0);
            if (type.equals(MESSAGE_DIGEST)) {
                contentDigest = value.expect(0x04, "the message digest").content();
            } else if (type.equals(CONTENT_TYPE) && !value.oid().equals(TST_INFO)) {
                throw new IllegalArgumentException("the signed content type is not a TSTInfo");
            } else if (type.equals(SIGNING_CERT_V2)) {
                checkCertId(value, tsa);
            }
        }
        try {
            if (contentDigest == null || !MessageDigest.isEqual(contentDigest, MessageDigest.getInstance(digestName).digest(eContent))) {
                throw new IllegalArgumentException("the time-stamp token was altered: its TSTInfo does not match the signed digest");
            }
            byte[] signed = attrs.encoded();
            signed[0] = 0x31; // signed over as a SET OF, not as the [0] it is sent in (RFC 5652 §5.4)
            Signature s = Signature.getInstance(sigName);
            s.initVerify(tsa.getPublicKey());
            s.update(signed);
            if (!s.verify(si.child(5).expect(0x04, "the signature").content())) {
                throw new IllegalArgumentException("the time-stamp token's signature does not verify with the TSA's certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the time-stamp token's signature does not verify with the TSA's certificate");
        }
    }

    /** ESSCertIDv2 (RFC 5035): the hash of the signer's certificate, SHA-256 unless it names another. */
    private static void checkCertId(Der signingCertificateV2, X509Certificate tsa) {
        Der certId = signingCertificateV2.child(0).child(0);
        int i = 0;
        String alg = "SHA-256";
        if (certId.child(0).tag() == 0x30) {
            alg = DIGESTS.getOrDefault(certId.child(0).child(0).oid(), "?");
            i = 1;
        }
        try {
            byte[] want = MessageDigest.getInstance(alg).digest(tsa.getEncoded());
            if (!Arrays.equals(want, certId.child(i).expect(0x04, "the certificate hash").content())) {
                throw new IllegalArgumentException("the time-stamp token is signed by another certificate than the TSA's given");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the time-stamp token names its certificate with an unknown hash");
        }
    }

    private static Instant generalizedTime(Der d) {
        String s = new String(d.content(), java.nio.charset.StandardCharsets.US_ASCII);
        if (!s.matches("[0-9]{14}(\\.[0-9]{1,9})?Z")) {
            throw new IllegalArgumentException("the token's genTime is not a UTC GeneralizedTime");
        }
        LocalDateTime t;
        try {
            t = LocalDateTime.parse(s.substring(0, 14), DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("the token's genTime is not a date: " + s);
        }
        int nanos = s.length() > 15 ? Integer.parseInt((s.substring(15, s.length() - 1) + "00000000").substring(0, 9)) : 0;
        return t.toInstant(ZoneOffset.UTC).plusNanos(nanos);
    }
}
