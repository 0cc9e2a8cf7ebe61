package io.cagekeeper.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.sim.tsa.LocalTsa;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens of a local BouncyCastle TSA, checked by the JDK-only verifier: the genuine one holds, each forgery is named. */
class TimestampCheckTest {

    static LocalTsa tsa;
    static LocalTsa other;
    static final byte[] NOTE = new Checkpoint("cagekeeper/test", 5, new byte[32]).sign(List.of(NoteKey.generate("cagekeeper/test")))
            .encode().getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        tsa = LocalTsa.start("Test TSA");
        other = LocalTsa.start("Other TSA");
    }

    @AfterAll
    static void stop() {
        tsa.close();
        other.close();
    }

    static byte[] token(LocalTsa by, byte[] note, BigInteger nonce) throws Exception {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest req = g.generate(TSPAlgorithms.SHA256, Merkle.sha256().digest(note), nonce);
        TimeStampResponse r = new TimeStampResponse(by.respond(req.getEncoded()));
        r.validate(req);
        return r.getTimeStampToken().getEncoded();
    }

    @Test
    void aTokenOfThisNoteByThisTsaHoldsAndSaysWhenAndWithWhichNonce() throws Exception {
        TimestampCheck.Stamp s = TimestampCheck.verify(token(tsa, NOTE, BigInteger.valueOf(4242)), NOTE, tsa.certificate());
        assertThat(s.nonce()).isEqualTo(4242);
        assertThat(s.genTime()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(1));
        assertThat(s.tsa()).isEqualTo("CN=Test TSA");
        assertThat(s.toString()).startsWith("time-stamped by 'CN=Test TSA' at ").contains("nonce 4242");
    }

    @Test
    void aTokenOfAnotherNoteIsRefused() throws Exception {
        byte[] t = token(tsa, "another note\n".getBytes(StandardCharsets.UTF_8), BigInteger.ONE);
        assertThatThrownBy(() -> TimestampCheck.verify(t, NOTE, tsa.certificate()))
                .hasMessage("the time-stamp is of another document: its message imprint is not SHA-256 of this checkpoint");
    }

    @Test
    void aTokenSignedByAnotherTsaIsRefused() throws Exception {
        byte[] t = token(other, NOTE, BigInteger.ONE);
        assertThatThrownBy(() -> TimestampCheck.verify(t, NOTE, tsa.certificate()))
                .hasMessage("the time-stamp token is signed by another certificate than the TSA's given");
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        byte[] t = token(tsa, NOTE, BigInteger.ONE);
        byte[] genTime = new String(t, StandardCharsets.ISO_8859_1).replaceAll("(?s).*?(\\d{14}(\\.\\d+)?Z).*", "$1").getBytes(StandardCharsets.ISO_8859_1);
        int at = new String(t, StandardCharsets.ISO_8859_1).indexOf(new String(genTime, StandardCharsets.ISO_8859_1));
        byte[] later = t.clone();
        later[at + 3] = (byte) (later[at + 3] == '9' ? '8' : later[at + 3] + 1); // the year moved
        assertThatThrownBy(() -> TimestampCheck.verify(later, NOTE, tsa.certificate()))
                .hasMessage("the time-stamp token was altered: its TSTInfo does not match the signed digest");
        byte[] sig = t.clone();
        sig[sig.length - 3] ^= 0x01;
        assertThatThrownBy(() -> TimestampCheck.verify(sig, NOTE, tsa.certificate()))
                .hasMessageStartingWith("the time-stamp token");
        assertThatThrownBy(() -> TimestampCheck.verify(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, NOTE, tsa.certificate()))
                .hasMessageStartingWith("the time-stamp token is ");
    }

    @Test
    void theTsaCertificateMustCarryTheCriticalTimeStampingUsage() throws Exception {
        Path dir = Files.createTempDirectory("tsa");
        X509Certificate c = TimestampCheck.tsaCertificate(tsa.writeCertificate(dir.resolve("tsa.pem")));
        assertThat(c).isEqualTo(tsa.certificate());
        Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> TimestampCheck.tsaCertificate(dir.resolve("junk.pem"))).hasMessageContaining("is not an X.509 certificate");
    }
}
