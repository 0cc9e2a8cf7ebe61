package io.cagekeeper.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.reconciliation.exceptions.Finding;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.DbInputs;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.FileInputs;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.RowErrors;
import io.cagekeeper.reconciliation.input.Times;
import io.cagekeeper.reconciliation.report.CanonicalJson;
import io.cagekeeper.reconciliation.report.Dispositions;
import io.cagekeeper.reconciliation.report.Pseudonyms;
import io.cagekeeper.reconciliation.report.ReportBuilder;
import io.cagekeeper.sim.scenario.ScenarioGenerator;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The database path against a real PostgreSQL with the gateway's schema: a scenario's files loaded
 * into the gateway's tables and read back through the cursor give the same findings as the files
 * (every label, nothing else) and the same report, byte for byte, but for how the sources were read.
 */
class DatabasePathIT {

    private static ScenarioDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = ScenarioDatabase.start();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static String report(Result r) {
        Map<String, Object> tree = new TreeMap<>(new ReportBuilder("fra-1", Dispositions.none(), Pseudonyms.identity()).build(r, 0));
        @SuppressWarnings("unchecked")
        Map<String, Object> completeness = new TreeMap<>((Map<String, Object>) tree.get("completeness"));
        completeness.remove("sources");
        tree.put("completeness", completeness);
        return new String(CanonicalJson.bytes(tree), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "seed {0} from {1} in {2}")
    @CsvSource({"3, 2026-03-26, Europe/Berlin", "11, 2026-10-29, America/New_York", "29, 2026-11-02, UTC"})
    void theDatabasePathFindsWhatTheFilePathFinds(long seed, String start, String zone, @TempDir Path dir) throws Exception {
        Path files = dir.resolve("s" + seed);
        ScenarioGenerator.Scenario s = ScenarioGenerator.generate(seed, LocalDate.parse(start), 7, ZoneId.of(zone), files);
        db.clear();
        db.load(files);
        Settings settings = Settings.of(Map.of("site.timeZone", zone, "twoPerson.zones", "vault"));
        long from = Times.micros(s.from());
        long to = Times.micros(s.to());

        RowErrors fileErrors = new RowErrors();
        FileInputs fileInputs = new FileInputs(files, fileErrors);
        Inputs fromFiles = fileInputs.load();
        Result viaFiles;
        try (EventSource events = fileInputs.events()) {
            viaFiles = new Reconciler(settings, Progress.NONE).run(fromFiles, events, from, to, seed);
        }

        RowErrors dbErrors = new RowErrors();
        Result viaDb;
        PgConnectOptions connect = new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.database())
                .setUser("postgres").setPassword("");
        try (DbInputs inputs = new DbInputs(connect, dbErrors, from, to, 0)) {
            Inputs fromDb = inputs.load();
            try (EventSource events = inputs.events()) {
                viaDb = new Reconciler(settings, Progress.NONE).run(fromDb, events, from, to, seed);
            }
            // every table from a query; the decision history (POLICY_DRIFT) only the gateway has
            assertThat(viaDb.sources()).allMatch(src -> src.kind().equals(src.table().equals("decisions") ? "absent" : "query"));
        }
        assertThat(fileErrors.render()).isEmpty();
        assertThat(dbErrors.render()).isEmpty();
        TreeSet<String> found = new TreeSet<>();
        for (Finding f : viaDb.findings()) {
            found.add(f.type() + "|" + f.subject());
        }
        assertThat(found).containsExactlyElementsOf(new TreeSet<>(s.labelsWithoutDecisionRecords()));
        assertThat(report(viaDb)).isEqualTo(report(viaFiles));

        // and the command line over the database writes the same exception list as over the files
        Path settingsFile = dir.resolve("settings.properties");
        java.nio.file.Files.writeString(settingsFile, "site.timeZone=" + zone + "\ntwoPerson.zones=vault\n");
        String[] common = {"--from", s.from().toString(), "--to", s.to().toString(), "--site", "fra-1", "--settings",
            settingsFile.toString(), "--quiet"};
        java.io.StringWriter err = new java.io.StringWriter();
        java.util.List<String> viaDbArgs = new java.util.ArrayList<>(java.util.List.of(common));
        viaDbArgs.addAll(java.util.List.of("--db", db.host() + ":" + db.port() + "/" + db.database(), "--out", dir.resolve("db").toString()));
        java.util.List<String> viaFileArgs = new java.util.ArrayList<>(java.util.List.of(common));
        viaFileArgs.addAll(java.util.List.of("--input", files.toString(), "--out", dir.resolve("files").toString()));
        java.io.PrintWriter w = new java.io.PrintWriter(err, true);
        assertThat(io.cagekeeper.reconciliation.cli.ReconcileCommand.execute(viaDbArgs.toArray(String[]::new), w)).as(err.toString()).isZero();
        assertThat(io.cagekeeper.reconciliation.cli.ReconcileCommand.execute(viaFileArgs.toArray(String[]::new), w)).as(err.toString()).isZero();
        assertThat(java.nio.file.Files.readString(dir.resolve("db/exceptions.csv")))
                .isEqualTo(java.nio.file.Files.readString(dir.resolve("files/exceptions.csv")));
    }
}
