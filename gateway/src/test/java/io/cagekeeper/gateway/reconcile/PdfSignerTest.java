package io.cagekeeper.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.pki.CertificateAuthority;
import io.cagekeeper.gateway.pki.CertificateProfile;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;

/** The report PDF signed as a PDF, checked the way a PDF reader checks it: the CMS signature over the signed byte ranges. */
public class PdfSignerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CertificateAuthority.Issued CA = CertificateAuthority.createRoot("dc1", RANDOM);
    private static final CertificateAuthority.Issued SIGNER = new CertificateAuthority(CA.certificate(), CA.key(), RANDOM)
            .issue("cagekeeper-reports-dc1", CertificateProfile.SIGNER, List.of());

    private static byte[] pdf() throws Exception {
        try (PDDocument d = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            d.addPage(new PDPage());
            d.save(out);
            return out.toByteArray();
        }
    }

    /** Whether the PDF's one signature holds over its byte ranges, by the certificate inside it, issued by the site CA. */
    static boolean verifies(byte[] signed) throws Exception {
        return verifies(signed, CA.certificate());
    }

    /** As a PDF reader checks it: the one signature over the whole file, by a certificate inside it that {@code ca} issued. */
    public static boolean verifies(byte[] signed, X509Certificate ca) throws Exception {
        try (PDDocument d = Loader.loadPDF(signed)) {
            PDSignature sig = d.getSignatureDictionaries().get(0);
            // the signature sits zero-padded in the space reserved for it: read its one DER object
            org.bouncycastle.asn1.cms.ContentInfo info;
            try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(sig.getContents(signed))) {
                info = org.bouncycastle.asn1.cms.ContentInfo.getInstance(in.readObject());
            }
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(sig.getSignedContent(signed)), info);
            SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(si.getSID()).iterator().next();
            int[] range = sig.getByteRange();
            boolean wholeFile = range[0] == 0 && range[2] + range[3] == signed.length;
            boolean intact;
            try {
                intact = si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
            } catch (org.bouncycastle.cms.CMSSignerDigestMismatchException e) {
                intact = false;
            }
            return wholeFile && intact
                    && cert.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder().build(ca));
        }
    }

    @Test
    void aSignedReportVerifiesWithTheSignersChainAndNamesTheReport() throws Exception {
        PdfSigner signer = new PdfSigner(SIGNER.key(), List.of(SIGNER.certificate(), CA.certificate()));
        byte[] signed = signer.sign(pdf(), "Cagekeeper reconciliation R-1, report.json SHA-256 ab12", Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(verifies(signed)).isTrue();
        try (PDDocument d = Loader.loadPDF(signed)) {
            PDSignature sig = d.getSignatureDictionaries().get(0);
            assertThat(sig.getReason()).contains("R-1").contains("ab12");
            assertThat(sig.getSubFilter()).isEqualTo("adbe.pkcs7.detached");
        }
    }

    @Test
    void aByteChangedAfterSigningBreaksTheSignature() throws Exception {
        byte[] signed = new PdfSigner(SIGNER.key(), List.of(SIGNER.certificate(), CA.certificate()))
                .sign(pdf(), "report", Instant.now());
        byte[] edited = signed.clone();
        int at = new String(edited, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("/MediaBox");
        edited[at + 1] = 'X';
        assertThat(verifies(edited)).isFalse();
    }

    @Test
    void aCertificateOfAnotherCaDoesNotChainToTheSite() throws Exception {
        CertificateAuthority.Issued other = CertificateAuthority.createRoot("elsewhere", RANDOM);
        CertificateAuthority.Issued stranger = new CertificateAuthority(other.certificate(), other.key(), RANDOM)
                .issue("mallory", CertificateProfile.SIGNER, List.of());
        byte[] signed = new PdfSigner(stranger.key(), List.<X509Certificate>of(stranger.certificate())).sign(pdf(), "report", Instant.now());
        assertThat(verifies(signed)).isFalse();
    }
}
