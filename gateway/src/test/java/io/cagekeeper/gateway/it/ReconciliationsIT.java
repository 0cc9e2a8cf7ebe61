package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PersonType;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's own reconciliations through its API, against its own log: every live decision re-judges
 * identically with the policy engine (POLICY_DRIFT finds none), an edited decision record is found,
 * the stored files are what the digest says, and a sign-off keeps preparer and reviewer apart.
 */
class ReconciliationsIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    static ApiClient auditor;

    @BeforeAll
    static void start() throws Exception {
        auditor = ApiClient.user(gateway(), "aud-" + tag(), null, Role.AUDITOR);
    }

    static Supplier<io.cagekeeper.gateway.Gateway> gateway() {
        return () -> env.cage().gateway;
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Presents Alice's badge; the decision's event once recorded. */
    static Map<String, Object> present(String expected) {
        String msgId = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(env.cage().reader.awaitIndication(msgId, Duration.ofSeconds(5)).map(Indication::result)).contains(expected);
        return env.cage().decisionEvent(msgId);
    }

    /** Asks for a reconciliation of [from, to) and waits for it to end; the finished record. */
    static JsonObject reconcile(ApiClient as, Instant from, Instant to) throws Exception {
        JsonObject asked = as.json(as.post("/api/reconciliations", new JsonObject().put("from", from.toString()).put("to", to.toString())
                .encode()), 202);
        assertThat(asked.getString("state")).isEqualTo("RUNNING");
        long id = asked.getLong("id");
        JsonObject[] last = new JsonObject[1];
        Await.until(Duration.ofSeconds(60), "reconciliation " + id + " to finish", () -> {
            last[0] = as.json(as.get("/api/reconciliations/" + id), 200);
            return !"RUNNING".equals(last[0].getString("state"));
        });
        assertThat(last[0].getString("state")).as(last[0].encode()).isEqualTo("DONE");
        return last[0];
    }

    static JsonObject report(long id) throws Exception {
        HttpResponse<String> r = auditor.get("/api/reconciliations/" + id + "/files/report.json");
        assertThat(r.statusCode()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static List<String> drift(JsonObject report) {
        List<String> out = new ArrayList<>();
        for (Object o : report.getJsonArray("exceptions")) {
            JsonObject e = (JsonObject) o;
            if (e.getString("type").equals("POLICY_DRIFT")) {
                out.add(e.getString("subject"));
            }
        }
        return out;
    }

    static JsonObject exception(JsonObject report, String subject) {
        for (Object o : report.getJsonArray("exceptions")) {
            if (((JsonObject) o).getString("subject").equals(subject)) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no exception about " + subject);
    }

    static String exceptionId(JsonObject report, String subject) {
        return exception(report, subject).getString("id");
    }

    /** Just after now, so that the period is over once the last event is in. */
    static Instant afterNow() throws InterruptedException {
        Instant to = Instant.now().plusMillis(5);
        Thread.sleep(20);
        return to;
    }

    @Test
    void everyLiveDecisionReJudgesIdenticallyAndTheStoredFilesAreWhatTheirDigestSays() throws Exception {
        Instant from = Instant.now().minusMillis(5);
        present("GRANT");
        present("GRANT");
        env.cage().change(List.of(PolicyStore.setCredentialStatus("c-alice", CredentialStatus.SUSPENDED, Instant.now(), "security:kim")));
        present("DENY");
        env.cage().change(List.of(PolicyStore.setCredentialStatus("c-alice", CredentialStatus.ACTIVE, Instant.now(), "security:kim")));
        present("GRANT");
        JsonObject done = reconcile(auditor, from, afterNow());
        JsonObject report = report(done.getLong("id"));
        assertThat(drift(report)).isEmpty();
        assertThat(report.getJsonObject("population").getJsonObject("counts").getLong("decisions.rejudged")).isEqualTo(4L);
        JsonObject decisions = null;
        for (Object o : report.getJsonObject("completeness").getJsonArray("sources")) {
            if (((JsonObject) o).getString("table").equals("decisions")) {
                decisions = (JsonObject) o;
            }
        }
        assertThat(decisions).isNotNull();
        assertThat(decisions.getString("kind")).isEqualTo("query");
        assertThat(done.getString("reportId")).isEqualTo(report.getJsonObject("header").getString("id"));

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("report");
        for (String file : List.of("report.json", "exceptions.csv", "report.pdf", "report.sig", "evidence.txt", "report-shareable.json",
                "exceptions-shareable.csv", "report-shareable.pdf", "report-shareable.sig", "evidence-shareable.txt")) {
            HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    auditor.uri("/api/reconciliations/" + done.getLong("id") + "/files/" + file))
                    .header("authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            java.nio.file.Files.write(dir.resolve(file), r.body());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body()));
            assertThat(r.headers().firstValue("x-content-sha256")).contains(sha);
            if (file.equals("report.json")) {
                assertThat(sha).isEqualTo(done.getString("reportSha256"));
            } else if (file.equals("report.pdf")) {
                assertThat(new String(r.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
            } else if (file.equals("exceptions.csv")) {
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("id,type,severity");
            }
        }
        // offline, with the site's public key alone: the signature, the checkpoint and every cited event's proof
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("site.pub"), env.cage().gateway.verifiableLog().key().verifierKey());
        assertThat(verify(key, dir)).startsWith("OK: report.json").contains("events it cites is in the log");
        assertThat(verify(key, dir, "--shareable")).startsWith("OK: report-shareable.json").contains("events it cites is in the log");
        // the shareable variant names nobody: Alice's id only as a keyed pseudonym, the same in both its files
        String shared = java.nio.file.Files.readString(dir.resolve("report-shareable.json"));
        assertThat(java.nio.file.Files.readString(dir.resolve("report.json"))).contains("p-alice");
        assertThat(shared).doesNotContain("p-alice").containsPattern("\"P-[0-9a-f]{16}\"");
        assertThat(java.nio.file.Files.readString(dir.resolve("exceptions-shareable.csv"))).doesNotContain("p-alice");
        byte[] original = java.nio.file.Files.readAllBytes(dir.resolve("report.json"));
        String evidence = java.nio.file.Files.readString(dir.resolve("evidence.txt"));
        assertThat(evidence).contains("\nevent ");
        // the attacks: a report edited after signing, evidence with a cited event's proof removed or another report's
        java.nio.file.Files.write(dir.resolve("report.json"), new String(original, StandardCharsets.UTF_8)
                .replace("cagekeeper-reconciliation/1", "cagekeeper-reconciliation/2").getBytes(StandardCharsets.UTF_8));
        assertThat(verify(key, dir)).startsWith("FAILED: report.json does not carry its signature");
        java.nio.file.Files.write(dir.resolve("report.json"), original);
        java.nio.file.Files.writeString(dir.resolve("evidence.txt"), evidence.replaceAll("\nevent [^\n]*", ""));
        assertThat(verify(key, dir)).startsWith("FAILED: event ").contains("is not proven");
        java.nio.file.Files.writeString(dir.resolve("evidence.txt"), evidence.replaceAll("report [0-9a-f]{64}", "report " + "0".repeat(64)));
        assertThat(verify(key, dir)).startsWith("FAILED: the evidence is of another report");
        assertThat(env.cage().query("SELECT count(*) AS n FROM audit_trail WHERE resource = 'reconciliations' AND resource_id = '"
                + done.getLong("id") + "'").get(0).get("n")).isEqualTo(1L);
    }

    /** Runs the offline verify command on a report directory; its first line of output (exit 0 = OK). */
    static String verify(java.nio.file.Path key, java.nio.file.Path dir, String... more) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        java.util.List<String> args = new java.util.ArrayList<>(List.of("--key", key.toString(), "--report", dir.toString()));
        args.addAll(List.of(more));
        int code = io.cagekeeper.evidence.VerifyCommand.run(args.toArray(String[]::new),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(said).isEqualTo(said.startsWith("OK") ? 0 : 1);
        return said;
    }

    private static String bearerToken;

    private static String token() throws Exception {
        if (bearerToken == null) {
            bearerToken = ApiClient.token(gateway(), Role.AUDITOR).bearer();
        }
        return bearerToken;
    }

    @Test
    void aDecisionRecordEditedAfterTheFactIsFoundAsPolicyDrift() throws Exception {
        Instant from = Instant.now().minusMillis(5);
        present("GRANT");
        Map<String, Object> forged = present("GRANT");
        present("GRANT");
        Instant to = afterNow();
        // the attack: someone with the database's owner rights rewrites why a decision was made
        env.cage().query("UPDATE decision_records SET decision = jsonb_set(decision, '{decidedBy}', '\"grant:forged\"') "
                + "WHERE event_key = '" + forged.get("event_key") + "' RETURNING event_key");
        long first = reconcile(auditor, from, to).getLong("id");
        JsonObject report = report(first);
        assertThat(drift(report)).containsExactly("event:" + forged.get("id"));
        // the command line's database path re-judges too (cagekeeper reconcile --db, with the gateway's decision history)
        var db = env.backends().db();
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("cli-reconcile");
        java.nio.file.Path password = java.nio.file.Files.writeString(work.resolve("pw"), db.password() == null ? "" : db.password());
        var err = new java.io.StringWriter();
        int code = io.cagekeeper.reconciliation.cli.ReconcileCommand.execute(new String[] {"--db", db.host() + ":" + db.port() + "/"
                + db.database(), "--db-user", db.user(), "--db-password-file", password.toString(), "--from", from.toString(), "--to",
                to.toString(), "--site", "it", "--out", work.resolve("out").toString(), "--quiet"}, new java.io.PrintWriter(err, true),
                io.cagekeeper.gateway.reconcile.StoredDecisionHistory::open);
        assertThat(code).as(err.toString()).isZero();
        assertThat(drift(new JsonObject(java.nio.file.Files.readString(work.resolve("out/report.json")))))
                .containsExactly("event:" + forged.get("id"));
        // the auditor triages it; the next report that finds it again carries the disposition
        String exception = exceptionId(report, "event:" + forged.get("id"));
        String path = "/api/reconciliations/" + first + "/exceptions/" + exception + "/disposition";
        auditor.json(auditor.post(path, "{\"disposition\":\"TRUE_POSITIVE\",\"comment\":\"record edited: escalated\"}"), 201);
        assertThat(auditor.post(path, "{\"disposition\":\"MAYBE\",\"comment\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(auditor.post("/api/reconciliations/" + first + "/exceptions/X-0000000000000000/disposition",
                "{\"disposition\":\"FALSE_POSITIVE\",\"comment\":\"x\"}").statusCode()).isEqualTo(404);
        // and a record deleted outright
        Map<String, Object> gone = present("GRANT");
        Instant to2 = afterNow();
        env.cage().query("DELETE FROM decision_records WHERE event_key = '" + gone.get("event_key") + "' RETURNING event_key");
        JsonObject again = report(reconcile(auditor, from, to2).getLong("id"));
        assertThat(drift(again)).containsExactlyInAnyOrder("event:" + forged.get("id"), "event:" + gone.get("id"));
        JsonObject carried = exception(again, "event:" + forged.get("id")).getJsonObject("disposition");
        assertThat(carried.getString("value")).isEqualTo("TRUE_POSITIVE");
        assertThat(carried.getString("comment")).isEqualTo("record edited: escalated");
        assertThat(carried.getString("reviewer")).isEqualTo(auditor.json(auditor.get("/api/session"), 200).getString("actor"));
        assertThat(exception(again, "event:" + gone.get("id")).getValue("disposition")).isNull();
    }

    @Test
    void aReportIsSignedOffByItsPreparerThenByAReviewerWhoIsNeitherThePreparerNorAnApproverOfTheAccess() throws Exception {
        // a desk officer who is also an auditor approves a grant in the period: they may not review it
        env.cage().change(List.of(PolicyStore.upsertPerson(new Person("p-rita", "Rita", PersonType.EMPLOYEE, null))));
        ApiClient facilities = ApiClient.user(gateway(), "fac-" + tag(), null, Role.FACILITIES);
        ApiClient approver = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK, Role.AUDITOR);
        Instant from = Instant.now().minusSeconds(1);
        JsonObject grant = new JsonObject().put("personId", "p-rita").put("accessLevelId", "cage")
                .put("validFrom", from.minusSeconds(60).toString()).put("validUntil", Instant.now().plus(Duration.ofDays(7)).toString())
                .put("reason", "rack install");
        String id = facilities.json(facilities.post("/api/grants", grant.encode()), 201).getString("id");
        approver.json(approver.post("/api/grants/" + id + "/approve", "{\"comment\":\"ok\"}"), 200);
        long rec = reconcile(auditor, from, afterNow()).getLong("id");
        String path = "/api/reconciliations/" + rec + "/signoffs";
        ApiClient reviewer = ApiClient.user(gateway(), "aud-" + tag(), null, Role.AUDITOR);

        assertThat(reviewer.post(path, "{\"role\":\"reviewer\",\"comment\":\"too early\"}").statusCode()).isEqualTo(409);
        JsonObject prepared = auditor.json(auditor.post(path, "{\"role\":\"preparer\",\"comment\":\"prepared\"}"), 201);
        assertThat(prepared.getString("reportSha256")).hasSize(64);
        assertThat(auditor.post(path, "{\"role\":\"preparer\",\"comment\":\"again\"}").statusCode()).isEqualTo(409);
        HttpResponse<String> self = auditor.post(path, "{\"role\":\"reviewer\",\"comment\":\"my own\"}");
        assertThat(self.statusCode()).isEqualTo(403);
        HttpResponse<String> approverReviews = approver.post(path, "{\"role\":\"reviewer\",\"comment\":\"looks fine\"}");
        assertThat(approverReviews.statusCode()).as(approverReviews.body()).isEqualTo(403);
        assertThat(approverReviews.body()).contains("approved access");
        reviewer.json(reviewer.post(path, "{\"role\":\"reviewer\",\"comment\":\"reviewed the sample\"}"), 201);
        JsonArray signoffs = auditor.json(auditor.get("/api/reconciliations/" + rec), 200).getJsonArray("signoffs");
        assertThat(signoffs).hasSize(2);
        assertThat(signoffs.getJsonObject(0).getString("role")).isEqualTo("preparer");
        assertThat(signoffs.getJsonObject(1).getString("signedBy")).isEqualTo(reviewer.json(reviewer.get("/api/session"), 200)
                .getString("actor"));
    }

    @Test
    void badRequestsAreRefusedClearlyAndStartNothing() throws Exception {
        long before = count();
        Instant now = Instant.now();
        assertThat(status(auditor, now.toString(), now.minusSeconds(60).toString())).isEqualTo(400);
        assertThat(status(auditor, now.minusSeconds(60).toString(), now.plusSeconds(3600).toString())).isEqualTo(400);
        assertThat(status(auditor, now.minus(Duration.ofDays(400)).toString(), now.minusSeconds(1).toString())).isEqualTo(400);
        assertThat(status(auditor, "yesterday", now.toString())).isEqualTo(400);
        assertThat(auditor.post("/api/reconciliations", "{\"from\":\"2026-01-01T00:00:00Z\"}").statusCode()).isEqualTo(400);
        assertThat(auditor.post("/api/reconciliations", "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\","
                + "\"site\":\"elsewhere\"}").statusCode()).isEqualTo(400);
        ApiClient desk = ApiClient.user(gateway(), "desk-" + tag(), null, Role.SECURITY_DESK);
        assertThat(status(desk, now.minusSeconds(60).toString(), now.minusSeconds(1).toString())).isEqualTo(403);
        assertThat(desk.get("/api/reconciliations").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/api/reconciliations/987654").statusCode()).isEqualTo(404);
        assertThat(auditor.get("/api/reconciliations/987654/files/report.json").statusCode()).isEqualTo(404);
        assertThat(auditor.get("/api/reconciliations/1/files/passwd").statusCode()).isEqualTo(400);
        assertThat(auditor.post("/api/reconciliations/987654/signoffs", "{\"role\":\"preparer\",\"comment\":\"x\"}").statusCode())
                .isEqualTo(404);
        assertThat(count()).isEqualTo(before);
    }

    private static int status(ApiClient as, String from, String to) throws Exception {
        HttpResponse<String> r = as.post("/api/reconciliations", new JsonObject().put("from", from).put("to", to).encode());
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return r.statusCode();
    }

    private static long count() throws Exception {
        return ((Number) env.cage().query("SELECT count(*) AS n FROM reconciliations").get(0).get("n")).longValue();
    }
}
