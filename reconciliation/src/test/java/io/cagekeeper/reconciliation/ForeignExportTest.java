package io.cagekeeper.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.FileInputs;
import io.cagekeeper.reconciliation.input.InputException;
import io.cagekeeper.reconciliation.input.RowErrors;
import io.cagekeeper.reconciliation.input.Times;
import io.cagekeeper.sim.scenario.ScenarioGenerator;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign export (other headers, local times in a pattern, other values) read through a mapping file,
 * and JSON Lines in place of CSV, give the same findings as the canonical CSV files.
 */
class ForeignExportTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Map<String, String> HEADERS = Map.of("id", "Event No", "at", "Event Time", "device", "Reader Name",
            "type", "Event", "direction", "Way", "person", "Employee", "zone", "Area");

    @Test
    void aMappedForeignExportAndJsonLinesGiveTheCanonicalFindings(@TempDir Path dir) throws Exception {
        Path canonical = dir.resolve("canonical");
        ScenarioGenerator.Scenario s = ScenarioGenerator.generate(5, LocalDate.of(2026, 3, 5), 7, BERLIN, canonical);
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        DateTimeFormatter local = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss.SSSSSS").withZone(BERLIN);
        try (Reader r = Files.newBufferedReader(canonical.resolve("events.csv"));
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r);
             Writer w = Files.newBufferedWriter(foreign.resolve("events.csv"));
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            out.printRecord(p.getHeaderNames().stream().map(h -> HEADERS.getOrDefault(h, h)).toList());
            for (CSVRecord rec : p) {
                out.printRecord(p.getHeaderNames().stream().map(h -> switch (h) {
                    case "at", "device_time", "stored_at" -> rec.get(h).isEmpty() ? "" : local.format(Instant.parse(rec.get(h)));
                    case "type" -> rec.get(h).equals("ACCESS_GRANTED") ? "Access Granted" : rec.get(h);
                    case "direction" -> rec.get(h).equals("IN") ? "Entry" : rec.get(h).equals("OUT") ? "Exit" : "";
                    default -> rec.get(h);
                }).toList());
            }
        }
        StringBuilder mapping = new StringBuilder("time.format=dd/MM/yyyy HH:mm:ss.SSSSSS\ntime.zone=Europe/Berlin\n");
        HEADERS.forEach((k, v) -> mapping.append("column.").append(k).append('=').append(v).append('\n'));
        mapping.append("value.type.Access\\ Granted=ACCESS_GRANTED\nvalue.direction.Entry=IN\nvalue.direction.Exit=OUT\n");
        Files.writeString(foreign.resolve("events.mapping.properties"), mapping);
        for (String table : new String[] {"approvals", "persons", "credentials", "credential_status", "heartbeats", "acl_changes"}) {
            toJsonLines(canonical.resolve(table + ".csv"), foreign.resolve(table + ".jsonl"));
        }
        assertThat(findings(foreign, s)).isEqualTo(findings(canonical, s)).isEqualTo(new TreeSet<>(s.labelsWithoutDecisionRecords()));
    }

    @Test
    void aMappingNamingAColumnThatDoesNotExistIsRefused(@TempDir Path dir) throws Exception {
        ScenarioGenerator.generate(5, LocalDate.of(2026, 3, 5), 7, BERLIN, dir);
        Files.writeString(dir.resolve("events.mapping.properties"), "column.when=Time\n");
        Assertions.assertThatThrownBy(() -> new FileInputs(dir, new RowErrors()).events())
                .isInstanceOf(InputException.class).hasMessageContaining("events has no column when");
    }

    private static TreeSet<String> findings(Path dir, ScenarioGenerator.Scenario s) {
        RowErrors errors = new RowErrors();
        FileInputs files = new FileInputs(dir, errors);
        Result r;
        try (EventSource events = files.events()) {
            r = new Reconciler(Settings.of(Map.of("site.timeZone", "Europe/Berlin", "twoPerson.zones", "vault")), Progress.NONE)
                    .run(files.load(), events, Times.micros(s.from()), Times.micros(s.to()), 1);
        }
        assertThat(errors.render()).isEmpty();
        return Fixture.found(r);
    }

    private static void toJsonLines(Path csv, Path jsonl) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Reader r = Files.newBufferedReader(csv);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r);
             Writer w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : p) {
                Map<String, Object> m = new LinkedHashMap<>();
                p.getHeaderNames().forEach(h -> m.put(h, rec.get(h).isEmpty() ? null : rec.get(h)));
                w.write(json.writeValueAsString(m));
                w.write('\n');
            }
        }
    }
}
