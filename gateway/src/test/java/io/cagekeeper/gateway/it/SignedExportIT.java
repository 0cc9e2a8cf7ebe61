package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.evidence.VerifyCommand;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The signed event export of a running gateway, checked as an auditor would: downloaded through the
 * API, verified offline with the site's verifier key alone, then edited, cut, extended and reordered
 * line by line, each refused with the line named.
 */
class SignedExportIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    static final String WINDOW = "from=2026-03-02T08:00:00Z&to=2026-03-02T09:00:00Z";
    static ApiClient desk;
    static ApiClient facilities;
    static ApiClient auditor;
    static Path dir;

    @BeforeAll
    static void seed() throws Exception {
        TestCage cage = env.cage();
        EventsApiIT.addVault(cage);
        List<GatewayEvent> seeded = new ArrayList<>();
        Instant base = Instant.parse("2026-03-02T08:00:00Z");
        for (int i = 0; i < 30; i++) {
            seeded.add(EventsApiIT.seeded("signed", i, base.plusSeconds(i)));
        }
        cage.gateway.events().appendAll(seeded).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        cage.gateway.verifiableLog().appender().drain().await(10, TimeUnit.SECONDS);
        cage.gateway.verifiableLog().checkpoints().publishIfGrown().await(10, TimeUnit.SECONDS);
        desk = ApiClient.token(() -> env.cage().gateway, Role.SECURITY_DESK);
        facilities = ApiClient.token(() -> env.cage().gateway, Role.FACILITIES);
        auditor = ApiClient.token(() -> env.cage().gateway, Role.AUDITOR);
        dir = Files.createTempDirectory(env.backends().dir(), "exports");
    }

    private static Path siteKey() {
        return env.backends().dir().resolve("tlog").resolve("log-signing.key.pub");
    }

    private static String download(ApiClient c, String query) throws Exception {
        HttpResponse<String> r = c.get("/api/events/export.jsonl?" + WINDOW + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/jsonl");
        assertThat(r.headers().firstValue("content-disposition").orElse("")).startsWith("attachment; filename=\"events-").endsWith(".jsonl\"");
        return r.body();
    }

    /** Runs {@code cagekeeper verify --export} on {@code text}; its exit code and output. */
    private static String[] verify(String text) throws Exception {
        Path f = Files.createTempFile(dir, "events", ".jsonl");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = VerifyCommand.run(new String[] {"--export", f.toString(), "--key", siteKey().toString()}, ps, ps);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8).replace(f.toString(), "FILE").strip()};
    }

    private static String edited(String text, Consumer<List<String>> edit) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
        edit.accept(lines);
        return String.join("\n", lines) + "\n";
    }

    @Test
    void anAuditorsSignedExportVerifiesOfflineWithTheSiteKeyAndNamesTheFiltersTheRowsAndTheCheckpoint() throws Exception {
        String text = download(auditor, "&zone=vault");
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(21); // 20 events through dv1 or dv2, then the manifest
        assertThat(lines[0]).startsWith("{\"n\":1,\"prev\":\"" + "0".repeat(64) + "\",\"row\":{\"card\":\"18:40213\"")
                .contains("\"source\":\"signed:1\"");
        JsonObject trailer = new JsonObject(lines[20]);
        JsonObject manifest = trailer.getJsonObject("manifest");
        assertThat(manifest.getLong("rows")).isEqualTo(20);
        assertThat(manifest.getString("format")).isEqualTo("cagekeeper-export/1");
        assertThat(manifest.getJsonObject("filters").getString("zone")).isEqualTo("vault");
        assertThat(manifest.getString("exportedBy")).isEqualTo(auditor.actor);
        assertThat(manifest.getJsonObject("checkpoint").getLong("size")).isPositive();
        String[] v = verify(text);
        assertThat(v[0]).as(v[1]).isEqualTo("0");
        assertThat(v[1]).startsWith("OK: FILE is signed by cagekeeper/").contains("20 rows", "\"zone\":\"vault\"", "leaves (root ");

        JsonObject row = auditor.json(auditor.get("/api/audit?action=exportEventsSigned&limit=1"), 200).getJsonArray("audit").getJsonObject(0);
        assertThat(row.getString("actor")).isEqualTo(auditor.actor);
        assertThat(row.getJsonObject("after").getLong("rows")).isEqualTo(20);
    }

    @Test
    void editingDeletingInsertingOrReorderingOneLineIsRefusedWithTheLineNamed() throws Exception {
        String text = download(auditor, "&order=oldest");
        assertThat(verify(text)[0]).isEqualTo("0");
        String[] edit = verify(edited(text, l -> l.set(4, l.get(4).replace("\"result\":\"GRANT\"", "\"result\":\"DENY\""))));
        assertThat(edit).containsExactly("1", "FAILED: FILE: line 5 was changed: it does not hash to what line 6 records");
        String[] deleted = verify(edited(text, l -> l.remove(9)));
        assertThat(deleted).containsExactly("1", "FAILED: FILE: line 10 is numbered 11: the line before it was deleted, or lines were moved");
        String[] inserted = verify(edited(text, l -> l.add(3, l.get(12))));
        assertThat(inserted).containsExactly("1", "FAILED: FILE: line 4 is numbered 13: the line before it was deleted, or lines were moved");
        String[] swapped = verify(edited(text, l -> Collections.swap(l, 6, 7)));
        assertThat(swapped).containsExactly("1", "FAILED: FILE: line 7 is numbered 8: the line before it was deleted, or lines were moved");
        String[] cut = verify(edited(text, l -> l.remove(l.size() - 1)));
        assertThat(cut[0]).isEqualTo("1");
        assertThat(cut[1]).startsWith("FAILED: FILE: the last line is not a signed manifest");
        String[] recounted = verify(edited(text, l -> l.set(l.size() - 1, l.get(l.size() - 1).replace("\"rows\":30", "\"rows\":29"))));
        assertThat(recounted[1]).startsWith("FAILED: FILE: the manifest does not carry a valid signature");
    }

    @Test
    void theDeskGetsCardNumbersMaskedAsInTheCsvAndFacilitiesMayExportButNoFileQuotesASecret() throws Exception {
        String deskText = download(desk, "&type=ACCESS_DENIED");
        assertThat(deskText).contains("****0213").doesNotContain("40213");
        assertThat(verify(deskText)[0]).isEqualTo("0");
        String facilitiesText = download(facilities, "&type=ACCESS_DENIED");
        assertThat(facilitiesText).contains("18:40213");
        assertThat(verify(facilitiesText)[0]).isEqualTo("0");
        for (String text : List.of(deskText, facilitiesText, download(auditor, ""))) {
            assertThat(text).doesNotContain("PRIVATE+KEY", desk.bearer(), facilities.bearer(), auditor.bearer())
                    .doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("pin_hash");
        }
        assertThat(ApiClient.anonymous(() -> env.cage().gateway).get("/api/events/export.jsonl?" + WINDOW).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = auditor.get("/api/events/export.jsonl?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    }
}
