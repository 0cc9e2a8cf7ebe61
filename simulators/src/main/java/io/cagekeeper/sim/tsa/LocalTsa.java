package io.cagekeeper.sim.tsa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 time-stamping authority for tests: its own ECDSA P-256 key and a self-signed certificate
 * with the critical id-kp-timeStamping extended key usage, answering {@code application/timestamp-query}
 * POSTs on an ephemeral loopback port with BouncyCastle's response generator. It can be told to fail as
 * a real TSA does (an HTTP 500, garbage, an answer slower than the client waits, the connection dropped),
 * and counts the requests it answered.
 */
public final class LocalTsa implements AutoCloseable {

    /** How the TSA answers. */
    public enum Mode { OK, ERROR_500, GARBAGE, SLOW, DROP }

    private final KeyPair key;
    private final X509Certificate cert;
    private final TimeStampResponseGenerator responses;
    private final HttpServer server;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final AtomicLong serial = new AtomicLong(1);
    private final AtomicInteger granted = new AtomicInteger();
    private volatile Duration slowness = Duration.ofSeconds(30);

    private LocalTsa(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        key = g.generateKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(3600)),
                Date.from(now.plus(Duration.ofDays(365))), subject, key.getPublic())
                .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        cert = new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", key.getPrivate(), cert),
                new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
        tokens.addCertificates(new JcaCertStore(List.of(cert)));
        responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-tsa");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** A TSA named {@code CN=name}, listening. */
    public static LocalTsa start(String name) throws Exception {
        return new LocalTsa(name);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    public X509Certificate certificate() {
        return cert;
    }

    /** Writes the TSA's certificate as PEM to {@code file}. */
    public Path writeCertificate(Path file) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    public void mode(Mode m) {
        mode.set(m);
    }

    /** How long a {@link Mode#SLOW} answer takes. */
    public void slowness(Duration d) {
        slowness = d;
    }

    /** How many time-stamps it granted. */
    public int granted() {
        return granted.get();
    }

    /** The DER TimeStampResp for a DER TimeStampReq, as the HTTP endpoint answers it. */
    public byte[] respond(byte[] request) throws Exception {
        byte[] r = responses.generate(new TimeStampRequest(request), BigInteger.valueOf(serial.getAndIncrement()), new Date()).getEncoded();
        granted.incrementAndGet();
        return r;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            Mode m = mode.get();
            if (m == Mode.DROP) {
                return; // closed without an answer
            }
            if (m == Mode.SLOW) {
                Thread.sleep(slowness.toMillis());
            }
            byte[] answer;
            int status = 200;
            if (m == Mode.ERROR_500) {
                status = 500;
                answer = "internal error".getBytes(StandardCharsets.US_ASCII);
            } else if (m == Mode.GARBAGE) {
                answer = "<html>not a time-stamp</html>".getBytes(StandardCharsets.US_ASCII);
            } else if (!"application/timestamp-query".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
                status = 415;
                answer = new byte[0];
            } else {
                answer = respond(body);
            }
            x.getResponseHeaders().set("Content-Type", status == 200 ? "application/timestamp-reply" : "text/plain");
            x.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            x.sendResponseHeaders(400, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
