package io.cagekeeper.gateway.reconcile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs a report's PDF as a PDF: a CMS detached signature ({@code adbe.pkcs7.detached}) over the whole
 * file, by the site's report-signing certificate ({@code pki issue-signer}, ECDSA P-256 under the site
 * CA), with the certificate chain inside, so that an ordinary PDF reader shows who signed it and whether
 * a byte changed since (it trusts the chain once the site CA is trusted). The signature's reason names the
 * report and the SHA-256 of its canonical JSON, which {@code report.sig} and {@code evidence.txt} prove.
 */
public final class PdfSigner {

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    /** @param chain the signer's certificate first, then the CAs above it */
    public PdfSigner(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a PDF signer needs its certificate");
        }
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** A one-page empty PDF (the start-up check that the configured key signs). */
    static byte[] blank() throws IOException {
        try (PDDocument d = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            d.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            d.save(out);
            return out.toByteArray();
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The PDF with its signature appended (an incremental update: the signed bytes are the original ones). */
    public byte[] sign(byte[] pdf, String reason, java.time.Instant at) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature sig = new PDSignature();
            sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            sig.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            sig.setName(certificate().getSubjectX500Principal().getName());
            sig.setReason(reason);
            Calendar when = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(at.toEpochMilli());
            sig.setSignDate(when);
            options.setPreferredSignatureSize(16_384);
            doc.addSignature(sig, this::cms, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 32_768);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /** The CMS SignedData of the signed byte ranges, detached, with the chain. */
    private byte[] cms(InputStream content) throws IOException {
        try {
            byte[] bytes = content.readAllBytes();
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(alg).build(key), certificate()));
            gen.addCertificates(new JcaCertStore(chain));
            CMSTypedData data = new org.bouncycastle.cms.CMSProcessableByteArray(bytes);
            return gen.generate(data, false).getEncoded();
        } catch (CMSException | OperatorCreationException | java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot sign the PDF: " + e.getMessage(), e);
        }
    }
}
