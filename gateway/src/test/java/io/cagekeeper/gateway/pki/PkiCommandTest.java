package io.cagekeeper.gateway.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiCommandTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path dir;
    private PkiLayout pki;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createCa() {
        pki = new PkiLayout(dir);
        assertThat(run("init-ca", "--dir", dir.toString(), "--site", "dc1")).isZero();
    }

    @Test
    void issuesAReaderCertificateThatChainsToTheSiteCaWithTheReaderIdAsCnAndClientAuthOnly() throws Exception {
        assertThat(run("issue-reader", "--dir", dir.toString(), "--reader", "r-1")).isZero();

        X509Certificate reader = PemFiles.readCertificate(pki.readerCert("r-1"));
        assertThat(PkiCommand.rdn(reader, BCStyle.CN)).isEqualTo("r-1");
        assertThat(reader.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(reader.getBasicConstraints()).isEqualTo(-1);
        assertThat(reader.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(reader.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) reader.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        validates(reader);
        assertThat(PemFiles.readPrivateKey(pki.readerKey("r-1")).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void makesTheCaACaThatMaySignCertificatesButNothingElse() {
        X509Certificate ca = PemFiles.readCertificate(pki.caCert());
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        boolean[] usage = ca.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(ca.getSubjectX500Principal().getName()).contains("OU=dc1");
    }

    @Test
    void issuesTheGatewayAClientCertificateNamedAfterTheSiteByDefault() throws Exception {
        assertThat(run("issue-gateway", "--dir", dir.toString())).isZero();

        X509Certificate gw = PemFiles.readCertificate(pki.gatewayCert());
        assertThat(PkiCommand.rdn(gw, BCStyle.CN)).isEqualTo("cagekeeper-gateway-dc1");
        assertThat(gw.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        validates(gw);
    }

    @Test
    void issuesTheBrokerAServerCertificateWhoseSubjectAltNamesAreTheGivenHosts() throws Exception {
        assertThat(run("issue-broker", "--dir", dir.toString(), "--host", "127.0.0.1,mqtt.dc1.example")).isZero();

        X509Certificate broker = PemFiles.readCertificate(pki.brokerCert());
        assertThat(broker.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(broker.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(7, "127.0.0.1"), List.of(2, "mqtt.dc1.example"));
        validates(broker);
    }

    @Test
    void issuesAReportSignerForDocumentSigningOnlyWithTheSiteCaInItsChainAndNeverOverwritesIt() throws Exception {
        assertThat(run("issue-signer", "--dir", dir.toString())).isZero();
        List<X509Certificate> chain = PemFiles.readCertificates(pki.signerCert());
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.36");
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=cagekeeper-reports");
        assertThat(chain.get(1)).isEqualTo(PemFiles.readCertificate(pki.caCert()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.signerKey()))).isEqualTo("rw-------");
        validates(chain.get(0));
        assertThat(run("issue-signer", "--dir", dir.toString())).isEqualTo(1);
    }

    @Test
    void issuesTheGatewayAnHttpsCertificateForTheHostsOperatorsBrowseTo() throws Exception {
        assertThat(run("issue-server", "--dir", dir.toString(), "--host", "cage.dc1.example,10.0.0.5")).isZero();

        X509Certificate server = PemFiles.readCertificate(pki.serverCert());
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "cage.dc1.example"), List.of(7, "10.0.0.5"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.serverKey()))).isEqualTo("rw-------");
        validates(server);
    }

    @Test
    void givesEveryCertificateADifferentRandomSerial() {
        run("issue-reader", "--dir", dir.toString(), "--reader", "a");
        run("issue-reader", "--dir", dir.toString(), "--reader", "b");

        var a = PemFiles.readCertificate(pki.readerCert("a")).getSerialNumber();
        var b = PemFiles.readCertificate(pki.readerCert("b")).getSerialNumber();
        var ca = PemFiles.readCertificate(pki.caCert()).getSerialNumber();
        assertThat(Set.of(a, b, ca)).hasSize(3);
        assertThat(a.bitLength()).isGreaterThan(64);
    }

    @Test
    void writesPrivateKeysAndHmacKeysReadableByTheOwnerOnlyAndCertificatesReadableByAll() throws Exception {
        run("issue-reader", "--dir", dir.toString(), "--reader", "r1");
        run("reader-key", "--dir", dir.toString(), "--reader", "r1");

        for (Path secret : List.of(pki.caKey(), pki.readerKey("r1"), pki.readerHmacKey("r1"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.readerCert("r1")))).isEqualTo("rw-r--r--");
    }

    @Test
    void writesA32ByteBase64HmacKeyPerReaderAndNeverPrintsIt() throws Exception {
        assertThat(run("reader-key", "--dir", dir.toString(), "--reader", "r1")).isZero();
        assertThat(run("reader-key", "--dir", dir.toString(), "--reader", "r2")).isZero();

        String k1 = Files.readString(pki.readerHmacKey("r1")).trim();
        String k2 = Files.readString(pki.readerHmacKey("r2")).trim();
        assertThat(Base64.getDecoder().decode(k1)).hasSize(32);
        assertThat(k1).isNotEqualTo(k2);
        assertThat(printed()).doesNotContain(k1).doesNotContain(k2);
    }

    @Test
    void makesTheLogSigningKeyOwnerOnlyPrintsOnlyItsVerifierKeyAndNeverReplacesIt() throws Exception {
        assertThat(run("log-key", "--dir", dir.toString(), "--origin", "cagekeeper/dc1")).isZero();
        String secret = Files.readString(pki.logSigningKey()).trim();
        String pub = Files.readString(io.cagekeeper.gateway.tlog.LogKey.publicFile(pki.logSigningKey())).trim();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.logSigningKey()))).isEqualTo("rw-------");
        io.cagekeeper.evidence.NoteKey key = io.cagekeeper.evidence.NoteKey.signer(secret, pub);
        assertThat(key.name()).isEqualTo("cagekeeper/dc1");
        byte[] msg = "checkpoint".getBytes(StandardCharsets.UTF_8);
        assertThat(io.cagekeeper.evidence.NoteKey.verifier(pub).verify(msg, key.sign(msg))).isTrue();
        assertThat(printed()).contains(pub).doesNotContain(secret).doesNotContain(secret.substring(secret.lastIndexOf('+') + 1));

        assertThat(run("log-key", "--dir", dir.toString(), "--origin", "cagekeeper/dc1")).isEqualTo(1);
        assertThat(Files.readString(pki.logSigningKey()).trim()).isEqualTo(secret);
        assertThat(run("log-key", "--dir", dir.resolve("other").toString(), "--origin", "has space")).isEqualTo(2);
    }

    @Test
    void neverPrintsPrivateKeyMaterial() throws Exception {
        run("issue-reader", "--dir", dir.toString(), "--reader", "r1");

        String pem = Files.readString(pki.readerKey("r1"));
        String body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(printed()).doesNotContain(body).doesNotContain("PRIVATE KEY");
    }

    @Test
    void refusesToReplaceAnExistingCaOrHmacKey() throws Exception {
        String ca = Files.readString(pki.caCert());
        assertThat(run("init-ca", "--dir", dir.toString(), "--site", "dc1")).isEqualTo(1);
        assertThat(Files.readString(pki.caCert())).isEqualTo(ca);

        run("reader-key", "--dir", dir.toString(), "--reader", "r1");
        String key = Files.readString(pki.readerHmacKey("r1"));
        assertThat(run("reader-key", "--dir", dir.toString(), "--reader", "r1")).isEqualTo(1);
        assertThat(Files.readString(pki.readerHmacKey("r1"))).isEqualTo(key);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to overwrite");
    }

    @Test
    void saysToRunInitCaFirstWhenTheDirectoryHasNoCa(@TempDir Path empty) {
        assertThat(run("issue-reader", "--dir", empty.toString(), "--reader", "r1")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run init-ca first");
    }

    @Test
    void refusesAReaderIdThatIsTheGatewaysCnBecauseItWouldGetTheGatewaysRights() {
        run("issue-gateway", "--dir", dir.toString(), "--cn", "gw");
        assertThat(run("issue-reader", "--dir", dir.toString(), "--reader", "gw")).isEqualTo(1);
        assertThat(Files.exists(pki.readerCert("gw"))).isFalse();
    }

    @Test
    void exitsWithCode2AndAClearMessageButNoStackTraceOnBadArguments() {
        List<List<String>> bad = List.of(
                List.of(),
                List.of("frobnicate", "--dir", dir.toString()),
                List.of("issue-reader", "--dir", dir.toString()),
                List.of("issue-reader", "--dir", dir.toString(), "--reader", "../etc/passwd"),
                List.of("issue-reader", "--dir", dir.toString(), "--reader"),
                List.of("issue-reader", "--dir", dir.toString(), "--reader", "a", "--reader", "b"),
                List.of("issue-reader", "--dir", dir.toString(), "--rader", "a"),
                List.of("issue-broker", "--dir", dir.toString(), "--host", "a b"),
                List.of("mosquitto-conf", "--dir", dir.toString(), "--port", "70000"),
                List.of("mosquitto-conf", "--dir", dir.toString(), "--port", "8883", "--user", "x\nlistener 1883"),
                List.of("init-ca", "--site", "dc1"));
        for (List<String> args : bad) {
            err.reset();
            assertThat(run(args.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
            String e = err.toString(StandardCharsets.UTF_8);
            assertThat(e).as(args.toString()).startsWith("error: ").contains("usage:").doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void writesAMosquittoConfRequiringClientCertificatesAndAnAclConfiningEachReaderToItsTopics() throws Exception {
        run("issue-gateway", "--dir", dir.toString());
        run("issue-broker", "--dir", dir.toString(), "--host", "127.0.0.1");
        assertThat(run("mosquitto-conf", "--dir", dir.toString(), "--port", "8883")).isZero();

        String conf = Files.readString(pki.mosquittoConf());
        assertThat(conf).contains("listener 8883 127.0.0.1", "require_certificate true", "use_identity_as_username true",
                "allow_anonymous false", "cafile " + pki.caCert(), "keyfile " + pki.brokerKey(), "acl_file " + pki.mosquittoAcl());
        assertThat(conf).doesNotContain("\nuser ");
        assertThat(run("mosquitto-conf", "--dir", dir.toString(), "--port", "8883", "--user", "ci.runner")).isZero();
        assertThat(Files.readAllLines(pki.mosquittoConf())).contains("user ci.runner");
        assertThat(Files.readAllLines(pki.mosquittoAcl())).contains(
                "pattern write cage/dc1/readers/%u/credential", "pattern write cage/dc1/readers/%u/status",
                "pattern write cage/dc1/readers/%u/event", "pattern read cage/dc1/readers/%u/indicate",
                "user cagekeeper-gateway-dc1", "topic read cage/dc1/readers/#", "topic write cage/dc1/readers/+/indicate");
        assertThat(Files.readString(pki.mosquittoAcl())).doesNotContain("pattern read cage/dc1/readers/%u/credential");
    }

    @Test
    void pinsEveryAclLineToTheCasSiteSoAReaderCannotPublishUnderAnotherSite() throws Exception {
        run("issue-gateway", "--dir", dir.toString());
        run("issue-broker", "--dir", dir.toString(), "--host", "127.0.0.1");
        assertThat(run("mosquitto-conf", "--dir", dir.toString(), "--port", "8883")).isZero();
        List<String> rules = Files.readAllLines(pki.mosquittoAcl()).stream()
                .filter(l -> l.startsWith("pattern ") || l.startsWith("topic ")).toList();
        assertThat(rules).isNotEmpty().allSatisfy(l -> assertThat(l).contains(" cage/dc1/readers/").doesNotContain("+/readers"));

        assertThat(run("mosquitto-conf", "--dir", dir.toString(), "--port", "8883", "--site", "hall-2")).isZero();
        assertThat(Files.readAllLines(pki.mosquittoAcl())).contains("pattern write cage/hall-2/readers/%u/credential");
        assertThat(run("mosquitto-conf", "--dir", dir.toString(), "--port", "8883", "--site", "a/#")).isEqualTo(2);
    }

    @Test
    void refusesToWriteAMosquittoConfBeforeTheBrokerCertificateExists() {
        run("issue-gateway", "--dir", dir.toString());
        assertThat(run("mosquitto-conf", "--dir", dir.toString(), "--port", "8883")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broker.crt is missing");
    }

    @Test
    void keepsTheKeyOutOfAnIssuedCertificatesToString() {
        var issued = CertificateAuthority.createRoot("dc1", new java.security.SecureRandom());
        assertThat(issued.toString()).isEqualTo("Issued[CN=Cagekeeper dc1 CA,OU=dc1,O=Cagekeeper]");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(pki.caCert())).isInstanceOf(PkiException.class)
                .hasMessageContaining("does not hold an unencrypted PEM private key");
    }

    private void validates(X509Certificate leaf) throws Exception {
        X509Certificate ca = PemFiles.readCertificate(pki.caCert());
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
        leaf.verify(ca.getPublicKey());
    }

    private int run(String... args) {
        return PkiCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
