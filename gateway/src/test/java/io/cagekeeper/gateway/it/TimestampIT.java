package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.VerifyCommand;
import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.sim.tsa.LocalTsa;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running gateway whose checkpoints a local RFC 3161 TSA countersigns: the tokens it keeps verify
 * offline against the TSA's certificate; a token of another checkpoint, one of another TSA and a
 * tampered one are refused with a clear line; a TSA that fails (HTTP 500, garbage, too slow, the
 * connection dropped) changes nothing for the log but a health warning, and tokens resume when it
 * answers again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimestampIT {

    static final LocalTsa TSA = start("Cagekeeper Test TSA");
    static final Path TSA_CERT = certificate();
    static final AtomicInteger EVENTS = new AtomicInteger();

    @RegisterExtension
    static final CageExtension env = new CageExtension(Map.of("tlog.tsaUrl", TSA.url().toString(), "tlog.tsaCert", TSA_CERT.toString(),
            "tlog.tsaTimeoutMs", "1000"));

    private static LocalTsa start(String name) {
        try {
            return LocalTsa.start(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path certificate() {
        try {
            return TSA.writeCertificate(Files.createTempFile("tsa", ".pem"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopTsa() {
        TSA.close();
    }

    private static Gateway g() {
        return env.cage().gateway;
    }

    private static Path tlog() {
        return env.backends().dir().resolve("tlog");
    }

    /** A new event, its leaf and a checkpoint of it; answers the checkpoint's size. */
    private static long newCheckpoint() throws Exception {
        int i = EVENTS.incrementAndGet();
        g().events().appendAll(List.of(EventsApiIT.seeded("ts", i * 4 + 2, Instant.now()))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        long before = g().verifiableLog().appender().head().size();
        Await.until(Duration.ofSeconds(10), "the event's leaf", () -> {
            g().verifiableLog().appender().drain().await(10, TimeUnit.SECONDS);
            return g().verifiableLog().appender().head().size() > before;
        });
        g().verifiableLog().checkpoints().publishIfGrown().await(10, TimeUnit.SECONDS);
        return g().verifiableLog().appender().head().size();
    }

    private static String[] verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = VerifyCommand.run(args, ps, ps);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8).strip()};
    }

    private static String[] verifyCheckpoint(Path note, Path token) {
        return verify("--key", tlog().resolve("log-signing.key.pub").toString(), "--checkpoint", note.toString(), "--tsa-cert",
                TSA_CERT.toString(), "--timestamp", token.toString());
    }

    private static JsonObject stampedAt(long size) throws Exception {
        ApiClient anyone = ApiClient.anonymous(TimestampIT::g);
        Await.until(Duration.ofSeconds(10), "a time-stamp of the checkpoint at " + size,
                () -> anyone.get("/api/log/timestamp?size=" + size).statusCode() == 200);
        return new JsonObject(anyone.get("/api/log/timestamp?size=" + size).body());
    }

    private static List<String> warnings() throws Exception {
        ApiClient anyone = ApiClient.anonymous(TimestampIT::g);
        return new JsonObject(anyone.get("/api/health").body()).getJsonArray("warnings").stream().map(Object::toString).toList();
    }

    @Test
    @Order(1)
    void eachCheckpointOfTheRunningGatewayGetsATokenThatVerifiesOfflineAgainstTheTsaCertificate() throws Exception {
        long size = newCheckpoint();
        JsonObject stamped = stampedAt(size);
        assertThat(stamped.getString("note").split("\n")[1]).isEqualTo(Long.toString(size));
        Path note = tlog().resolve("checkpoint-timestamped");
        Path token = tlog().resolve("checkpoint-timestamped.tst");
        Await.until(Duration.ofSeconds(5), "the pair written", () -> Files.exists(token)
                && Files.readString(note).equals(stamped.getString("note")));
        assertThat(Files.readAllBytes(token)).isEqualTo(Base64.getDecoder().decode(stamped.getString("token")));
        String[] ok = verify("--key", tlog().resolve("log-signing.key.pub").toString(), "--checkpoint", note.toString(), "--tsa-cert",
                TSA_CERT.toString());
        assertThat(ok[0]).as(ok[1]).isEqualTo("0");
        assertThat(ok[1]).contains("at " + size + " leaves is signed by", "time-stamped by 'CN=Cagekeeper Test TSA' at "
                + stamped.getString("genTime").substring(0, 16), "nonce ");
        assertThat(Files.readString(tlog().resolve("timestamps-" + stamped.getString("genTime").substring(0, 10) + ".jsonl")))
                .contains(stamped.getString("token"));
        assertThat(warnings()).noneMatch(w -> w.contains("time-stamp"));
    }

    @Test
    @Order(2)
    void aTokenOfAnotherCheckpointOfAnotherTsaOrTamperedIsRefusedWithAClearLine() throws Exception {
        long first = newCheckpoint();
        JsonObject a = stampedAt(first);
        long second = newCheckpoint();
        JsonObject b = stampedAt(second);
        Path dir = Files.createTempDirectory(env.backends().dir(), "stamps");
        Path noteA = Files.writeString(dir.resolve("a"), a.getString("note"));
        Path tokenB = Files.write(dir.resolve("b.tst"), Base64.getDecoder().decode(b.getString("token")));
        assertThat(verifyCheckpoint(noteA, tokenB)).containsExactly("1", "FAILED: " + tokenB
                + ": the time-stamp is of another document: its message imprint is not SHA-256 of this checkpoint");

        try (LocalTsa other = LocalTsa.start("Cagekeeper Test TSA")) {
            TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
            gen.setCertReq(true);
            byte[] noteBytes = a.getString("note").getBytes(StandardCharsets.UTF_8);
            TimeStampRequest req = gen.generate(TSPAlgorithms.SHA256, java.security.MessageDigest.getInstance("SHA-256").digest(noteBytes),
                    BigInteger.TEN);
            Path forged = Files.write(dir.resolve("forged.tst"), new TimeStampResponse(other.respond(req.getEncoded())).getTimeStampToken().getEncoded());
            assertThat(verifyCheckpoint(noteA, forged)).containsExactly("1", "FAILED: " + forged
                    + ": the time-stamp token is signed by another certificate than the TSA's given");
        }

        byte[] token = Base64.getDecoder().decode(a.getString("token"));
        String text = new String(token, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(a.getString("genTime").substring(0, 4).concat(a.getString("genTime").substring(5, 7)));
        token[at + 3] = (byte) (token[at + 3] == '9' ? '8' : token[at + 3] + 1);
        Path tampered = Files.write(dir.resolve("tampered.tst"), token);
        assertThat(verifyCheckpoint(noteA, tampered)).containsExactly("1", "FAILED: " + tampered
                + ": the time-stamp token was altered: its TSTInfo does not match the signed digest");
    }

    @Test
    @Order(3)
    void aTsaThatFailsChangesNothingForTheLogButAHealthWarningAndTokensResumeWhenItIsBack() throws Exception {
        Map<LocalTsa.Mode, String> failures = Map.of(LocalTsa.Mode.ERROR_500, "the TSA answered HTTP 500",
                LocalTsa.Mode.GARBAGE, "the TSA's answer is not a valid time-stamp of this checkpoint",
                LocalTsa.Mode.SLOW, "the TSA did not answer in time",
                LocalTsa.Mode.DROP, "the TSA could not be reached (IOException");
        TSA.slowness(Duration.ofSeconds(3));
        for (var f : failures.entrySet()) {
            TSA.mode(f.getKey());
            int granted = TSA.granted();
            long size = newCheckpoint();
            assertThat(Long.parseLong(Files.readString(tlog().resolve("checkpoint")).split("\n")[1]))
                    .as("the checkpoint is written whatever the TSA does").isGreaterThanOrEqualTo(size);
            Await.until(Duration.ofSeconds(10), f.getKey() + " named in the health warnings",
                    () -> warnings().stream().anyMatch(w -> w.startsWith("the checkpoint of " + size + " leaves has no RFC 3161 time-stamp")
                            && w.contains(f.getValue())));
            assertThat(ApiClient.anonymous(TimestampIT::g).get("/api/log/timestamp?size=" + size).statusCode()).isEqualTo(404);
            if (f.getKey() == LocalTsa.Mode.SLOW) {
                Thread.sleep(2_500); // the slow answer (too late, so not kept) ends before the next mode
            } else {
                assertThat(TSA.granted()).isEqualTo(granted);
            }
        }
        assertThat(g().metrics().get("tlog.timestamp.failed")).isGreaterThanOrEqualTo(4);
        TSA.mode(LocalTsa.Mode.OK);
        long size = newCheckpoint();
        assertThat(stampedAt(size).getLong("size")).isEqualTo(size);
        Await.until(Duration.ofSeconds(5), "the warning gone", () -> warnings().stream().noneMatch(w -> w.contains("time-stamp")));
    }

    @Test
    @Order(4)
    void verifyLogChecksEveryStoredTimeStampAgainstTheTsaCertificateItIsGiven() throws Exception {
        long size = newCheckpoint();
        stampedAt(size);
        io.cagekeeper.gateway.db.PgEndpoint owner = env.backends().db();
        Path password = Files.writeString(Files.createTempFile(env.backends().dir(), "owner", ".pw"), owner.password());
        java.util.function.Function<Path, String[]> run = cert -> {
            java.io.StringWriter out = new java.io.StringWriter();
            picocli.CommandLine cli = new picocli.CommandLine(new io.cagekeeper.gateway.tlog.VerifyLogCommand());
            cli.setOut(new java.io.PrintWriter(out));
            cli.setErr(new java.io.PrintWriter(out));
            int code = cli.execute("--jdbc-url", owner.jdbcUrl(), "--db-user", owner.user(), "--db-password-file", password.toString(),
                    "--key", tlog().resolve("log-signing.key.pub").toString(), "--tsa-cert", cert.toString());
            return new String[] {Integer.toString(code), out.toString()};
        };
        String[] ok = run.apply(TSA_CERT);
        assertThat(ok[0]).as(ok[1]).isEqualTo("0");
        assertThat(ok[1]).containsPattern("OK: [0-9]+ RFC 3161 time-stamps of checkpoints checked; the latest, of the checkpoint at "
                + "[0-9]+ leaves, time-stamped by 'CN=Cagekeeper Test TSA' at ");
        try (LocalTsa other = LocalTsa.start("Another TSA")) {
            String[] bad = run.apply(other.writeCertificate(Files.createTempFile(env.backends().dir(), "other", ".pem")));
            assertThat(bad[0]).isEqualTo("1");
            assertThat(bad[1]).contains("FAILED: ", "time-stamp #1 (checkpoint at ",
                    "the time-stamp token is signed by another certificate than the TSA's given");
        }
    }
}
