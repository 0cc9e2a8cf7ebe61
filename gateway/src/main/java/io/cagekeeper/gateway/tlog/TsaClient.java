package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.TimestampCheck;
import io.cagekeeper.gateway.config.GatewayConfig;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Asks an RFC 3161 time-stamping authority for a token over a signed checkpoint: a TimeStampReq
 * (SHA-256 of the note's bytes, a random 64-bit nonce, certReq) POSTed as
 * {@code application/timestamp-query} (RFC 3161 §3.4), answered within the configured timeout or
 * given up. The answer is kept only if it is a granted TimeStampResp for this very request (imprint and
 * nonce), signed by the configured TSA certificate, and if the evidence module's own check (the one an
 * auditor runs) accepts it too. Asynchronous on the JDK's HTTP client: no event-loop thread waits.
 */
public final class TsaClient {

    /** A token the TSA granted, as kept: its DER and what it says. */
    public record Token(byte[] der, TimestampCheck.Stamp stamp) {
    }

    private final GatewayConfig.Tsa config;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    public TsaClient(GatewayConfig.Tsa config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The token of {@code note}; fails with a one-line reason (the TSA's status, a bad answer, the timeout). */
    public CompletableFuture<Token> stamp(byte[] note) {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest req = g.generate(TSPAlgorithms.SHA256, sha256(note), new BigInteger(64, random));
        byte[] body;
        try {
            body = req.getEncoded();
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest post = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(config.timeout().toMillis() + 500, TimeUnit.MILLISECONDS)
                .thenApply(r -> accept(req, r, note));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Token accept(TimeStampRequest req, HttpResponse<byte[]> r, byte[] note) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the TSA answered HTTP " + r.statusCode());
        }
        TimeStampToken token;
        try {
            TimeStampResponse resp = new TimeStampResponse(r.body());
            resp.validate(req);
            token = resp.getTimeStampToken();
            if (token == null) {
                throw new IllegalStateException("the TSA refused: " + resp.getStatusString());
            }
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(config.cert()));
            byte[] der = token.getEncoded();
            return new Token(der, TimestampCheck.verify(der, note, config.cert()));
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the TSA's answer is not a valid time-stamp of this checkpoint: " + e.getMessage());
        }
    }
}
