package io.cagekeeper.reconciliation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.scenario.ScenarioGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile command as a user runs it: exit codes, one-line errors, files written or not. */
class ReconcileCommandTest {

    @TempDir
    Path dir;
    Path input;
    ScenarioGenerator.Scenario scenario;
    StringWriter err;

    @BeforeEach
    void scenario() throws Exception {
        input = dir.resolve("in");
        scenario = ScenarioGenerator.generate(7, LocalDate.of(2026, 3, 26), 7, ZoneId.of("Europe/Berlin"), input);
        Files.writeString(dir.resolve("settings.properties"), "site.timeZone=Europe/Berlin\ntwoPerson.zones=vault\n");
    }

    private int run(String... extra) {
        err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--from", scenario.from().toString(),
                "--to", scenario.to().toString(), "--site", "fra-1", "--settings", dir.resolve("settings.properties").toString(),
                "--quiet"));
        args.addAll(List.of(extra));
        return ReconcileCommand.execute(args.toArray(String[]::new), new PrintWriter(err, true));
    }

    private static String withoutGenerationTime(String json) {
        return json.replaceAll("\"generated_at\":\"[^\"]*\"", "\"generated_at\":\"\"");
    }

    @Test
    void aReRunOverTheSameInputsIsByteIdenticalApartFromItsGenerationTime() throws Exception {
        assertThat(run("--out", dir.resolve("a").toString())).isEqualTo(ReconcileCommand.OK);
        Thread.sleep(5);
        assertThat(run("--out", dir.resolve("b").toString())).isEqualTo(ReconcileCommand.OK);
        String a = Files.readString(dir.resolve("a/report.json"));
        String b = Files.readString(dir.resolve("b/report.json"));
        assertThat(a).isNotEqualTo(b);
        assertThat(withoutGenerationTime(a)).isEqualTo(withoutGenerationTime(b));
        assertThat(Files.readString(dir.resolve("a/exceptions.csv"))).isEqualTo(Files.readString(dir.resolve("b/exceptions.csv")));
        assertThat(a).doesNotContain(".0,").doesNotContainPattern("\"[a-z_]+\":-?[0-9]+\\.[0-9]");
        assertThat(a).contains("\"format\":\"cagekeeper-reconciliation/1\"");
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(dir.resolve("a/report.pdf").toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(a);
            assertThat(text).contains(tree.get("header").get("id").asText()).contains("Sign-off");
            for (var e : tree.get("exceptions")) {
                assertThat(text).contains(e.get("id").asText());
            }
        }
    }

    @Test
    void aBadRowRefusesTheWholeReportWithItsLineInTheErrorReport() throws Exception {
        Path events = input.resolve("events.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        String[] cells = lines.get(10).split(",", -1);
        cells[1] = "2026-13-40T00:00:00Z";
        lines.set(10, String.join(",", cells));
        Files.write(events, lines);
        Path out = dir.resolve("out");
        assertThat(run("--out", out.toString())).isEqualTo(ReconcileCommand.BAD_ROWS);
        assertThat(out.resolve("report.json")).doesNotExist();
        assertThat(out.resolve("exceptions.csv")).doesNotExist();
        assertThat(Files.readString(out.resolve("errors.txt"))).startsWith("events.csv:11: at: not a time");
        assertThat(err.toString().lines().count()).isEqualTo(1);
    }

    @Test
    void aMissingInputIsOneClearLineAndNoStackTrace() {
        input = dir.resolve("nowhere");
        assertThat(run("--out", dir.resolve("out").toString())).isEqualTo(ReconcileCommand.UNREADABLE);
        assertThat(err.toString()).startsWith("reconcile: ").contains("nowhere").doesNotContain("\tat ");
        assertThat(err.toString().lines().count()).isEqualTo(1);
    }

    @Test
    void anUnreachableDatabaseIsOneClearLine() {
        err = new StringWriter();
        int code = ReconcileCommand.execute(new String[] {"--db", "127.0.0.1:1/cagekeeper", "--from", scenario.from().toString(),
            "--to", scenario.to().toString(), "--site", "x", "--out", dir.resolve("o").toString(), "--quiet"},
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(ReconcileCommand.UNREADABLE);
        assertThat(err.toString()).startsWith("reconcile: database: ").doesNotContain("\tat ");
        assertThat(err.toString().lines().count()).isEqualTo(1);
        assertThat(dir.resolve("o/report.json")).doesNotExist();
    }

    @Test
    void inputAndDatabaseTogetherAreAUsageError() {
        assertThat(run("--db", "127.0.0.1:5432/x", "--out", dir.resolve("o").toString())).isEqualTo(ReconcileCommand.USAGE);
    }

    @Test
    void withoutQuietItReportsProgressAndTheOutcomeOnStderr() {
        err = new StringWriter();
        int code = ReconcileCommand.execute(new String[] {"--input", input.toString(), "--from", scenario.from().toString(),
            "--to", scenario.to().toString(), "--site", "x", "--out", dir.resolve("o").toString()}, new PrintWriter(err, true));
        assertThat(code).isEqualTo(ReconcileCommand.OK);
        assertThat(err.toString()).containsPattern("reconcile: [0-9,]+ events read, [0-9,]+/s")
                .containsPattern("reconcile: [0-9]+ exceptions, report ");
    }

    @Test
    void anUnknownSettingIsRefused() throws Exception {
        Files.writeString(dir.resolve("settings.properties"), "revocation.slaa=PT1H\n");
        assertThat(run("--out", dir.resolve("out").toString())).isEqualTo(ReconcileCommand.UNREADABLE);
        assertThat(err.toString()).contains("unknown setting revocation.slaa");
    }

    @Test
    void aPeriodEndingBeforeItStartsIsAUsageError() {
        err = new StringWriter();
        int code = ReconcileCommand.execute(new String[] {"--input", input.toString(), "--from", "2026-03-27T00:00:00Z",
            "--to", "2026-03-26T00:00:00Z", "--site", "x", "--out", dir.resolve("o").toString()}, new PrintWriter(err, true));
        assertThat(code).isEqualTo(ReconcileCommand.USAGE);
        assertThat(run("--out")).isEqualTo(ReconcileCommand.USAGE);
    }

    @Test
    void dispositionsGivenToOneReportAreCarriedIntoTheNext() throws Exception {
        assertThat(run("--out", dir.resolve("first").toString())).isEqualTo(ReconcileCommand.OK);
        List<String> csv = new ArrayList<>(Files.readAllLines(dir.resolve("first/exceptions.csv")));
        String id = csv.get(1).substring(0, csv.get(1).indexOf(','));
        csv.set(1, csv.get(1).replaceAll(",,,,$", ",FALSE_POSITIVE,user:9,\"badge test, see ticket 12\",2026-04-03T10:00:00Z"));
        Files.write(dir.resolve("triaged.csv"), csv);
        assertThat(run("--out", dir.resolve("second").toString(), "--dispositions", dir.resolve("triaged.csv").toString()))
                .isEqualTo(ReconcileCommand.OK);
        String json = Files.readString(dir.resolve("second/report.json"));
        assertThat(json).contains("\"disposition\":{\"at\":\"2026-04-03T10:00:00Z\",\"comment\":\"badge test, see ticket 12\","
                + "\"reviewer\":\"user:9\",\"value\":\"FALSE_POSITIVE\"},\"events\"");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        for (var e : tree.get("exceptions")) {
            assertThat(e.get("disposition").isNull()).isEqualTo(!e.get("id").asText().equals(id));
        }
        csv.set(1, csv.get(1).replace("FALSE_POSITIVE", "MAYBE"));
        Files.write(dir.resolve("triaged.csv"), csv);
        assertThat(run("--out", dir.resolve("third").toString(), "--dispositions", dir.resolve("triaged.csv").toString()))
                .isEqualTo(ReconcileCommand.UNREADABLE);
    }

    @Test
    void theShareableVariantNamesNoPerson() throws Exception {
        Files.write(dir.resolve("key"), "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        assertThat(run("--out", dir.resolve("out").toString(), "--pseudonym-key", dir.resolve("key").toString()))
                .isEqualTo(ReconcileCommand.OK);
        String full = Files.readString(dir.resolve("out/report.json"));
        String shared = Files.readString(dir.resolve("out/report-shareable.json"));
        List<String> persons = Files.readAllLines(input.resolve("persons.csv")).stream().skip(1)
                .map(l -> l.substring(0, l.indexOf(','))).toList();
        assertThat(persons).anyMatch(p -> full.contains("\"" + p + "\"") || full.contains(" " + p + " "));
        for (String p : persons) {
            assertThat(shared).doesNotContain("\"" + p + "\"").doesNotContain(" " + p + " ").doesNotContain(" " + p + ",");
        }
        assertThat(shared).contains("\"pseudonymised\":true").contains("\"person\":\"P-");
    }
}
