package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.cagekeeper.gateway.tlog.LogProofs;
import io.cagekeeper.gateway.tlog.VerifyLogCommand;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The verifiable log of a running gateway, as a monitor and an auditor use it: the public checkpoint
 * and consistency proofs, an auditor's inclusion proof and verification, and the verify-log command
 * run against the live database after the schema owner edited an audit row.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogApiIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    private static final Supplier<Gateway> G = () -> env.cage().gateway;

    private static Path tlogDir() {
        return env.backends().dir().resolve("tlog");
    }

    private static NoteKey siteKey() throws Exception {
        return NoteKey.verifier(Files.readString(tlogDir().resolve("log-signing.key.pub")));
    }

    /** The appender's and the checkpoint's periodic work, now (the test does not wait 10 s). */
    private static void settle() throws Exception {
        G.get().verifiableLog().appender().drain().await(10, TimeUnit.SECONDS);
        G.get().verifiableLog().checkpoints().publishIfGrown().await(10, TimeUnit.SECONDS);
    }

    /** A refused call, which writes an audit row (a leaf to be) once its answer is sent: waits for that row. */
    private static void refusedAndAudited(ApiClient anonymous) throws Exception {
        long before = lastAuditId();
        assertThat(anonymous.get("/api/users").statusCode()).isEqualTo(401);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lastAuditId() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lastAuditId()).isGreaterThan(before);
    }

    private static long lastAuditId() throws Exception {
        PgEndpoint e = env.backends().db();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(id) FROM audit_trail")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Order(1)
    void anyoneReadsTheSignedCheckpointAndItsConsistencyWithALaterOne() throws Exception {
        ApiClient anonymous = ApiClient.anonymous(G);
        refusedAndAudited(anonymous);
        settle();
        HttpResponse<String> first = anonymous.get("/api/log/checkpoint");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        Checkpoint older = Checkpoint.open(first.body(), siteKey());
        assertThat(older.origin()).isEqualTo("cagekeeper/" + env.cage().site);
        assertThat(Files.readString(tlogDir().resolve("checkpoint"))).isEqualTo(first.body());

        refusedAndAudited(anonymous);
        settle();
        Checkpoint newer = Checkpoint.open(anonymous.get("/api/log/checkpoint").body(), siteKey());
        assertThat(newer.size()).isGreaterThan(older.size());
        JsonObject p = anonymous.json(anonymous.get("/api/log/consistency?from=" + older.size() + "&to=" + newer.size()), 200);
        assertThat(Merkle.verifyConsistency(older.size(), newer.size(), older.root(), newer.root(), LogProofs.hashes(p.getJsonArray("proof"))))
                .isTrue();
        assertThat(anonymous.get("/api/log/consistency?from=0&to=" + newer.size()).statusCode()).isEqualTo(422);
        assertThat(anonymous.get("/api/log/consistency?from=1&to=" + (newer.size() + 1000)).statusCode()).isEqualTo(422);
    }

    @Test
    @Order(2)
    void anAuditorProvesAnAuditRowIsInTheCheckpointAndVerifiesTheLog() throws Exception {
        ApiClient auditor = ApiClient.token(G, Role.AUDITOR);
        auditor.get("/api/audit");
        settle();
        long id = lastAuditId();
        JsonObject p = auditor.json(auditor.get("/api/log/inclusion?kind=audit&id=" + id), 200);
        Checkpoint c = Checkpoint.open(p.getString("checkpoint"), siteKey());
        byte[] leaf = Base64.getDecoder().decode(p.getString("leaf"));
        assertThat(new String(leaf, StandardCharsets.UTF_8)).contains("\"kind\":\"audit\"", "\"id\":" + id);
        assertThat(Merkle.verifyInclusion(p.getLong("index"), c.size(), Merkle.leafHash(leaf), LogProofs.hashes(p.getJsonArray("proof")),
                c.root())).isTrue();
        assertThat(auditor.get("/api/log/inclusion?kind=audit&id=999999999").statusCode()).isEqualTo(404);
        assertThat(auditor.get("/api/log/inclusion?kind=nonsense&id=1").statusCode()).isEqualTo(400);

        JsonObject report = auditor.json(auditor.get("/api/log/verification"), 200);
        assertThat(report.getBoolean("ok")).as(report.encodePrettily()).isTrue();
        assertThat(report.getLong("rowsChecked")).isEqualTo(c.size());
        assertThat(ApiClient.token(G, Role.SECURITY_DESK).get("/api/log/inclusion?kind=audit&id=" + id).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void logProofWritesAFileThatTheEvidenceModuleVerifiesWithTheSitesKeyAlone() throws Exception {
        settle();
        Gateway g = G.get();
        var issued = g.tokens().issue(g.pool(), "it-proof", java.util.EnumSet.of(Role.AUDITOR), "system:it", null)
                .await(10, TimeUnit.SECONDS);
        Path token = Files.createTempFile("token", ".txt");
        Files.writeString(token, issued.token());
        Path proof = Files.createTempFile("proof", ".txt");
        long id = lastAuditId();
        settle();
        Result made = run(new io.cagekeeper.gateway.tlog.LogProofCommand(), "--url", "http://127.0.0.1:" + g.httpPort(), "--token-file",
                token.toString(), "--kind", "audit", "--id", Long.toString(id), "--out", proof.toString());
        assertThat(made.code).as(made.out).isZero();
        var out = new java.io.ByteArrayOutputStream();
        var print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        String[] verify = {"--key", tlogDir().resolve("log-signing.key.pub").toString(), proof.toString()};
        assertThat(io.cagekeeper.evidence.VerifyCommand.run(verify, print, print)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        Files.writeString(proof, Files.readString(proof).replaceFirst("leaf [A-Za-z0-9+/]", "leaf A"));
        assertThat(io.cagekeeper.evidence.VerifyCommand.run(verify, print, print)).as("an edited leaf").isNotZero();
    }

    @Test
    @Order(4)
    void verifyLogNamesAnAuditRowTheSchemaOwnerEditedInTheLiveDatabase() throws Exception {
        settle();
        Path outside = Files.createTempFile("checkpoint", ".txt");
        Files.copy(tlogDir().resolve("checkpoint"), outside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PgEndpoint owner = env.backends().db();
        Path password = Files.createTempFile("owner", ".pw");
        Files.writeString(password, owner.password());
        String[] args = {"--jdbc-url", owner.jdbcUrl(), "--db-user", owner.user(), "--db-password-file", password.toString(), "--key",
            tlogDir().resolve("log-signing.key.pub").toString(), "--checkpoint", outside.toString()};
        Result clean = run(args);
        assertThat(clean.code).as(clean.out).isZero();

        long id;
        try (Connection c = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password()); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT min(id) FROM audit_trail")) {
                rs.next();
                id = rs.getLong(1);
            }
            s.execute("UPDATE audit_trail SET actor = 'someone-else' WHERE id = " + id);
        }
        Result r = run(args);
        assertThat(r.code).isEqualTo(1);
        assertThat(r.out).startsWith("FAILED").contains("first bad entry: leaf #").contains("audit " + id + ": the row does not match its leaf");
    }

    private record Result(int code, String out) {
    }

    private static Result run(String... args) {
        return run(new VerifyLogCommand(), args);
    }

    private static Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        return new Result(code, out.toString());
    }
}
