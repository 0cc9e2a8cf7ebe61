package io.cagekeeper.reconciliation.report;

import io.cagekeeper.reconciliation.input.InputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The dispositions given so far: a CSV with {@code id, disposition, reviewer, comment, disposition_at}
 * (the exceptions CSV of the previous report, filled in by the reviewer, has these columns). A row
 * without a disposition is skipped; a wrong value or a row without a reviewer refuses the whole file.
 */
public final class Dispositions {

    private Dispositions() {
    }

    public static Map<String, Disposition> none() {
        return Map.of();
    }

    public static Map<String, Disposition> load(Path file) {
        Map<String, Disposition> out = new TreeMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(r)) {
            for (String c : new String[] {"id", "disposition", "reviewer", "comment", "disposition_at"}) {
                if (!p.getHeaderMap().containsKey(c)) {
                    throw new InputException(file + ": no column " + c);
                }
            }
            for (CSVRecord rec : p) {
                String value = rec.get("disposition");
                if (value.isEmpty()) {
                    continue;
                }
                long line = rec.getRecordNumber() + 1;
                if (!Disposition.VALUES.contains(value)) {
                    throw new InputException(file + ":" + line + ": disposition '" + value + "' is not one of "
                            + new java.util.TreeSet<>(Disposition.VALUES));
                }
                if (rec.get("reviewer").isEmpty()) {
                    throw new InputException(file + ":" + line + ": a disposition needs a reviewer");
                }
                out.put(rec.get("id"), new Disposition(rec.get("id"), value, rec.get("reviewer"), rec.get("comment"),
                        rec.get("disposition_at")));
            }
        } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new InputException("cannot read dispositions " + file + ": " + e.getMessage());
        }
        return out;
    }
}
