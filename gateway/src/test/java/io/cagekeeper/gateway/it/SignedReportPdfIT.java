package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.pki.CertificateAuthority;
import io.cagekeeper.gateway.pki.CertificateProfile;
import io.cagekeeper.gateway.pki.PemFiles;
import io.cagekeeper.gateway.reconcile.PdfSignerTest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway given a report-signing certificate (as {@code pki issue-signer} makes it) signs every
 * reconciliation PDF as a PDF: the signature holds over the whole file, chains to the site CA, and names
 * the report's JSON digest; a byte changed in the stored PDF breaks it.
 */
class SignedReportPdfIT {

    static final CertificateAuthority.Issued CA = CertificateAuthority.createRoot("it", new SecureRandom());
    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("signer");
            CertificateAuthority.Issued signer = new CertificateAuthority(CA.certificate(), CA.key(), new SecureRandom())
                    .issue("cagekeeper-reports-it", CertificateProfile.SIGNER, List.of());
            PemFiles.writeChain(DIR.resolve("report-signer.crt"), List.of(signer.certificate(), CA.certificate()));
            PemFiles.writePrivateKey(DIR.resolve("report-signer-key.pem"), signer.key());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @RegisterExtension
    static final CageExtension env = new CageExtension(Map.of("reconciliation.pdfSignerCert", DIR.resolve("report-signer.crt").toString(),
            "reconciliation.pdfSignerKey", DIR.resolve("report-signer-key.pem").toString()));

    @Test
    void everyReportPdfIsSignedByTheSitesReportSignerOverItsWholeFile() throws Exception {
        ApiClient auditor = ApiClient.token(() -> env.cage().gateway, Role.AUDITOR);
        Instant from = Instant.now().minusSeconds(3600);
        Thread.sleep(10);
        JsonObject asked = auditor.json(auditor.post("/api/reconciliations", new JsonObject().put("from", from.toString())
                .put("to", Instant.now().minusMillis(1).toString()).encode()), 202);
        long id = asked.getLong("id");
        JsonObject[] done = new JsonObject[1];
        Await.until(java.time.Duration.ofSeconds(90), "the report", () -> {
            done[0] = auditor.json(auditor.get("/api/reconciliations/" + id), 200);
            return !"RUNNING".equals(done[0].getString("state"));
        });
        assertThat(done[0].getString("state")).as(done[0].encode()).isEqualTo("DONE");
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(auditor.uri("/api/reconciliations/" + id
                + "/files/report.pdf")).header("authorization", "Bearer " + auditor.bearer()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(PdfSignerTest.verifies(pdf.body(), CA.certificate())).isTrue();
        try (PDDocument d = Loader.loadPDF(pdf.body())) {
            assertThat(d.getSignatureDictionaries()).singleElement()
                    .satisfies(s -> assertThat(s.getReason()).contains(done[0].getString("reportSha256")).contains(done[0].getString("reportId")));
        }
        byte[] edited = pdf.body().clone();
        int at = new String(edited, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("/MediaBox");
        edited[at + 1] = 'X';
        assertThat(PdfSignerTest.verifies(edited, CA.certificate())).isFalse();
    }
}
