package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CSV bulk import against the running gateway: all or nothing by default (and then not one row
 * is written: the tables are counted), the valid rows only on request, a dry run that writes nothing,
 * collisions with stored persons and cards, and ten thousand rows arriving as one policy version.
 */
class PersonImportIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    private static final String HEADER = "personId,name,type,organization,externalId,card,validFrom,validUntil\n";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static ApiClient facilities;

    @BeforeAll
    static void client() throws Exception {
        facilities = ApiClient.token(() -> env.cage().gateway, Role.FACILITIES);
    }

    private static HttpResponse<String> upload(String query, byte[] csv) throws Exception {
        return facilities.sendBytes("POST", "/api/persons/import" + query, TEXT, csv);
    }

    private static HttpResponse<String> upload(String query, String csv) throws Exception {
        return upload(query, csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Rows of every table an import writes, and the policy versions. */
    private static Map<String, Object> counts() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String t : List.of("persons", "credentials", "credential_status_changes", "audit_trail", "policy_changes")) {
            out.put(t, env.cage().query("SELECT count(*) AS n FROM " + t).get(0).get("n"));
        }
        return out;
    }

    private static List<String> errors(JsonObject report) {
        JsonArray a = report.getJsonArray("errors");
        return a.stream().map(o -> (JsonObject) o).map(e -> e.getInteger("row") + " " + e.getString("column") + ": " + e.getString("message"))
                .toList();
    }

    @Test
    void aFileWithOneBadRowImportsNothingAndSaysWhichRowAndColumn() throws Exception {
        Map<String, Object> before = counts();
        HttpResponse<String> r = upload("", HEADER + "i-a1,Ada One,EMPLOYEE,Acme,HR-A1,18:50001,,\n"
                + "i-a2,@Bad Name,EMPLOYEE,Acme,,18:50002,,\n"
                + "i-a3,Ada Three,EMPLOYEE,Acme,,18:50003,,\n");
        JsonObject report = facilities.json(r, 422);
        assertThat(errors(report)).containsExactly("3 name: starts with =, +, - or @, which a spreadsheet would run as a formula");
        assertThat(report.getInteger("applied")).isZero();
        assertThat(report.getString("error")).contains("nothing was imported");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void validRowsModeAppliesTheGoodRowsAsOnePolicyVersion() throws Exception {
        Map<String, Object> before = counts();
        long version = env.cage().gateway.policy().current().version();
        JsonObject report = facilities.json(upload("?mode=valid-rows", HEADER + "i-b1,Bea One,CONTRACTOR,Acme,HR-B1,18:50101,,2031-01-01\n"
                + "i-b2,Bea Two,CONTRACTOR,Acme,HR-B1,18:50102,,\n"
                + "i-b3,Bea Three,VISITOR,,,,,\n"), 200);
        assertThat(errors(report)).containsExactly("3 externalId: the same external id as row 2");
        assertThat(report.getInteger("applied")).isEqualTo(2);
        assertThat(report.getLong("policyVersion")).isGreaterThan(version);
        Map<String, Object> after = counts();
        assertThat((Long) after.get("persons") - (Long) before.get("persons")).isEqualTo(2);
        assertThat((Long) after.get("credentials") - (Long) before.get("credentials")).isEqualTo(1);
        assertThat((Long) after.get("credential_status_changes") - (Long) before.get("credential_status_changes")).isEqualTo(1);
        assertThat((Long) after.get("audit_trail") - (Long) before.get("audit_trail")).isEqualTo(2);
        assertThat((Long) after.get("policy_changes") - (Long) before.get("policy_changes")).isEqualTo(1);
        assertThat(env.cage().query("SELECT person_id, valid_until, issued_by FROM credentials WHERE card = '18:50101'").get(0))
                .containsEntry("person_id", "i-b1").containsEntry("issued_by", facilities.actor);
        assertThat(env.cage().query("SELECT reason FROM credential_status_changes WHERE credential_id = "
                + "(SELECT id FROM credentials WHERE card = '18:50101')").get(0)).containsEntry("reason", "imported");
        Await.until(Duration.ofSeconds(5), "the imported persons in force",
                () -> env.cage().gateway.policy().current().person("i-b3") != null);
    }

    @Test
    void aDryRunReportsCollisionsWithStoredPersonsAndCardsAndWritesNothing() throws Exception {
        Map<String, Object> before = counts();
        JsonObject report = facilities.json(upload("?dryRun=true", HEADER + "p-alice,Alice Again,EMPLOYEE,,,,,\n"
                + "i-c2,Cy Two,EMPLOYEE,,,18:40211,,\n"
                + "i-c3,Cy Three,EMPLOYEE,,,18:50203,,\n"), 200);
        assertThat(report.getBoolean("dryRun")).isTrue();
        assertThat(errors(report)).containsExactly("2 personId: a person with this id is already stored",
                "3 card: a stored credential already carries this card");
        assertThat(report.getInteger("validRows")).isEqualTo(1);
        assertThat(report.getInteger("applied")).isZero();
        assertThat(counts()).isEqualTo(before);
        assertThat(facilities.json(upload("?dryRun=true&mode=valid-rows", HEADER + "i-c9,Cy Nine,EMPLOYEE,,,,,\n"), 200)
                .getJsonArray("errors")).isEmpty();
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void badUtf8NulAndAWrongContentTypeAreRefusedWithNothingWritten() throws Exception {
        Map<String, Object> before = counts();
        byte[] latin1 = (HEADER + "i-d1,D\u00e9sir\u00e9e,EMPLOYEE,,,,,\ni-d2,Dee\u0000,EMPLOYEE,,,,,\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(errors(facilities.json(upload("", latin1), 422))).containsExactly("2 name: is not valid UTF-8",
                "3 name: contains a NUL character");
        assertThat(facilities.sendBytes("POST", "/api/persons/import", "text/csv", HEADER.getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(415);
        assertThat(facilities.post("/api/persons/import", "{}").statusCode()).isEqualTo(415);
        assertThat(facilities.json(upload("", HEADER), 422).getString("error")).contains("no persons");
        ApiClient desk = ApiClient.token(() -> env.cage().gateway, Role.SECURITY_DESK);
        assertThat(desk.sendBytes("POST", "/api/persons/import", TEXT, (HEADER + "i-d3,Dee,EMPLOYEE,,,,,\n").getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(403);
        assertThat(upload("?mode=some", HEADER).statusCode()).isEqualTo(400);
        Map<String, Object> after = counts();
        after.remove("audit_trail"); // the refused (403, 400) calls are in the trail, by design
        before.remove("audit_trail");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void tenThousandRowsArriveAtTheGatewayAsOnePolicyVersion() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 10_000; i++) {
            csv.append("i-bulk-").append(i).append(",Bulk Person ").append(i).append(",EMPLOYEE,Bulk Org,HR-BULK-").append(i)
                    .append(",C1000/77:").append(i).append(",,\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        long version = env.cage().gateway.policy().current().version();
        long started = System.nanoTime();
        JsonObject report = facilities.json(upload("", body), 200);
        long answeredMs = (System.nanoTime() - started) / 1_000_000;
        long newVersion = report.getLong("policyVersion");
        Await.until(Duration.ofSeconds(10), "the import in force", () -> env.cage().gateway.policy().current().version() >= newVersion);
        long inForceMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("[it] CSV import of 10,000 persons with badges (" + body.length / 1024 + " KiB): answered after " + answeredMs
                + " ms, in force at the gateway after " + inForceMs + " ms, one policy version (" + version + " → " + newVersion + ")");
        assertThat(report.getInteger("applied")).isEqualTo(10_000);
        assertThat(env.cage().query("SELECT count(*) AS n FROM policy_changes WHERE version > " + version).get(0).get("n")).isEqualTo(1L);
        assertThat(env.cage().gateway.policy().current().person("i-bulk-9999")).isNotNull();
        assertThat(env.cage().query("SELECT count(*) AS n FROM credentials WHERE card LIKE 'C1000/77:%'").get(0).get("n")).isEqualTo(10_000L);
        JsonObject again = facilities.json(upload("?dryRun=true", body), 200);
        assertThat(again.getLong("errorCount")).isEqualTo(30_000L);
        assertThat(again.getJsonArray("errors")).hasSize(1_000);
    }
}
