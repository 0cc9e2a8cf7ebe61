package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.reconciliation.ScenarioDatabase;
import io.cagekeeper.reconciliation.exceptions.ExceptionType;
import io.cagekeeper.sim.scenario.ScenarioGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every exception type, POLICY_DRIFT included, through {@code cagekeeper reconcile --db}: a seeded
 * scenario loaded into a real PostgreSQL with the gateway's schema, with the gateway's policy versions
 * and decision records written by the gateway's own classes and the scenario's labelled drifts applied
 * ({@link ScenarioDecisions}). The reconciler finds exactly the labels (precision and recall 100 %), and
 * its report equals the file path's but for what only the database has: the re-judged decisions (the
 * {@code decisions} source, {@code decisions.rejudged}), the POLICY_DRIFT exceptions and what counts them,
 * and the report id that hashes them; the sources' descriptions differ by nature (files, queries).
 */
class ScenarioDecisionsIT {

    private static ScenarioDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = ScenarioDatabase.start();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @ParameterizedTest(name = "seed {0} from {1} in {2}")
    @CsvSource({"3, 2026-03-26, Europe/Berlin", "11, 2026-10-29, America/New_York", "17, 2026-11-02, UTC", "23, 2026-03-05, Asia/Tokyo"})
    void theDatabasePathFindsEveryInjectedExceptionPolicyDriftIncludedAndNothingElse(long seed, String start, String zone,
                                                                                    @TempDir Path dir) throws Exception {
        Path files = dir.resolve("scenario");
        ScenarioGenerator.Scenario s = ScenarioGenerator.generate(seed, LocalDate.parse(start), 7, ZoneId.of(zone), files);
        db.clear();
        db.load(files);
        ScenarioDecisions.write(db, files, ZoneId.of(zone));
        Path settings = Files.writeString(dir.resolve("settings.properties"), "site.timeZone=" + zone + "\ntwoPerson.zones=vault\n");

        JsonObject viaDb = reconcile(s, settings, dir.resolve("db"), "--db", db.host() + ":" + db.port() + "/" + db.database());
        JsonObject viaFiles = reconcile(s, settings, dir.resolve("files"), "--input", files.toString());

        TreeSet<String> found = new TreeSet<>();
        JsonArray exceptions = viaDb.getJsonArray("exceptions");
        exceptions.forEach(o -> found.add(((JsonObject) o).getString("type") + "|" + ((JsonObject) o).getString("subject")));
        assertThat(found).hasSize(exceptions.size()).containsExactlyElementsOf(new TreeSet<>(s.labels()));
        TreeSet<String> types = new TreeSet<>();
        s.labels().forEach(l -> types.add(l.substring(0, l.indexOf('|'))));
        assertThat(types).as("every exception type injected and found").hasSize(ExceptionType.values().length);

        long logged = ScenarioDatabase.rows(files, "events").stream().filter(e -> e.get("snapshot_version") != null).count();
        assertThat(viaDb.getJsonObject("population").getJsonObject("counts").getLong("decisions.rejudged"))
                .as("every logged decision re-judged but the one whose record was deleted").isEqualTo(logged - 1);
        assertThat(source(viaDb, "decisions").getString("kind")).isEqualTo("query");
        assertThat(source(viaFiles, "decisions").getString("kind")).isEqualTo("absent");
        long drift = s.labels().size() - s.labelsWithoutDecisionRecords().size();
        assertThat(totalExceptions(viaDb)).isEqualTo(totalExceptions(viaFiles) + drift);
        assertThat(withoutDecisions(viaDb)).isEqualTo(withoutDecisions(viaFiles));
        assertThat(withoutDrift(Files.readAllLines(dir.resolve("db/exceptions.csv"))))
                .isEqualTo(Files.readAllLines(dir.resolve("files/exceptions.csv")));
    }

    /** {@code cagekeeper reconcile} as an operator runs it; the report it wrote. */
    private static JsonObject reconcile(ScenarioGenerator.Scenario s, Path settings, Path out, String... source) throws Exception {
        List<String> args = new ArrayList<>(List.of("reconcile", "--from", s.from().toString(), "--to", s.to().toString(),
                "--site", "fra-1", "--settings", settings.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(List.of(source));
        assertThat(Cagekeeper.commandLine().execute(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
        return new JsonObject(Files.readString(out.resolve("report.json")));
    }

    private static long totalExceptions(JsonObject report) {
        return report.getJsonObject("completeness").getJsonObject("control_totals").getLong("exceptions");
    }

    private static JsonObject source(JsonObject report, String table) {
        for (Object o : report.getJsonObject("completeness").getJsonArray("sources")) {
            if (((JsonObject) o).getString("table").equals(table)) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no source " + table);
    }

    /** The report without what only the database path has (docs/reconciliation.md) and the sources' descriptions. */
    private static JsonObject withoutDecisions(JsonObject report) {
        JsonObject r = report.copy();
        r.getJsonObject("header").remove("id");
        r.getJsonObject("header").remove("generated_at");
        r.getJsonObject("completeness").remove("sources");
        r.getJsonObject("completeness").getJsonObject("control_totals").remove("exceptions");
        r.getJsonObject("population").getJsonObject("counts").remove("decisions.rejudged");
        r.getJsonObject("population").getJsonObject("exceptions_by_type").remove("POLICY_DRIFT");
        JsonArray kept = new JsonArray();
        r.getJsonArray("exceptions").forEach(o -> {
            if (!((JsonObject) o).getString("type").equals("POLICY_DRIFT")) {
                kept.add(o);
            }
        });
        r.put("exceptions", kept);
        return r;
    }

    private static List<String> withoutDrift(List<String> csv) {
        return csv.stream().filter(line -> !line.contains(",POLICY_DRIFT,")).toList();
    }
}
