package io.cagekeeper.reconciliation;

import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.DecisionHistory;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.report.CanonicalJson;
import io.cagekeeper.reconciliation.report.CsvReport;
import io.cagekeeper.reconciliation.report.Disposition;
import io.cagekeeper.reconciliation.report.Hashes;
import io.cagekeeper.reconciliation.report.PdfReport;
import io.cagekeeper.reconciliation.report.Pseudonyms;
import io.cagekeeper.reconciliation.report.ReportBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles one set of inputs and writes the report files into a directory: {@code report.json}
 * (canonical JSON), {@code exceptions.csv}, {@code report.pdf}, and with a pseudonym key
 * {@code report-shareable.json}, {@code exceptions-shareable.csv} and {@code report-shareable.pdf}. Used by the CLI and by tests; blocking.
 */
public final class ReconciliationRun {

    private ReconciliationRun() {
    }

    /** What was written. */
    public record Written(Result result, byte[] json, String csv) {
    }

    /** The seed used when none is given: from the site, the period and the thresholds, so a re-run draws the same sample. */
    public static long defaultSeed(String site, long from, long to, Settings settings) {
        String basis = site + "|" + from + "|" + to + "|" + new java.util.TreeMap<>(settings.values());
        return Long.parseUnsignedLong(Hashes.sha256(basis).substring(0, 15), 16);
    }

    /** @param decisions the logged decisions to re-judge (POLICY_DRIFT); null when the inputs have none (files) */
    public static Written write(Inputs inputs, EventSource events, DecisionHistory decisions, String site, long from, long to, Settings settings,
                                Long seed, Map<String, Disposition> dispositions, byte[] pseudonymKey, Path out,
                                long generatedAt, Progress progress) throws IOException {
        long s = seed != null ? seed : defaultSeed(site, from, to, settings);
        Result result = new Reconciler(settings, progress).run(inputs, events, decisions, from, to, s);
        Map<String, Object> report = new ReportBuilder(site, dispositions, Pseudonyms.identity()).build(result, generatedAt);
        byte[] json = CanonicalJson.bytes(report);
        String csv = CsvReport.exceptions(report);
        Files.createDirectories(out);
        Files.write(out.resolve("report.json"), json);
        Files.writeString(out.resolve("exceptions.csv"), csv, StandardCharsets.UTF_8);
        PdfReport.write(report, out.resolve("report.pdf"));
        if (pseudonymKey != null) {
            Set<String> persons = new HashSet<>();
            inputs.persons().forEach(p -> persons.add(p.id()));
            inputs.approvals().forEach(a -> {
                persons.add(a.person());
                if (a.escort() != null) {
                    persons.add(a.escort());
                }
                if (a.host() != null) {
                    persons.add(a.host());
                }
            });
            Map<String, Object> shared = new ReportBuilder(site, dispositions, Pseudonyms.keyed(pseudonymKey, persons))
                    .build(result, generatedAt);
            Files.write(out.resolve("report-shareable.json"), CanonicalJson.bytes(shared));
            Files.writeString(out.resolve("exceptions-shareable.csv"), CsvReport.exceptions(shared), StandardCharsets.UTF_8);
            PdfReport.write(shared, out.resolve("report-shareable.pdf"));
        }
        return new Written(result, json, csv);
    }
}
