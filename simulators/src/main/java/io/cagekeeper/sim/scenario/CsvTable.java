package io.cagekeeper.sim.scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One canonical CSV file being built: a header and rows of values (null = empty), quoted only where
 * RFC 4180 needs it. The simulators depend on no other module, so this writes the documented format
 * (docs/reconciliation.md) itself.
 */
final class CsvTable {

    private final String[] header;
    private final List<Object[]> rows = new ArrayList<>();

    CsvTable(String... header) {
        this.header = header;
    }

    void add(Object... values) {
        if (values.length != header.length) {
            throw new IllegalArgumentException("row of " + values.length + " values for " + header.length + " columns");
        }
        rows.add(values);
    }

    List<Object[]> rows() {
        return rows;
    }

    void write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header));
            w.write('\n');
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(quote(row[i]));
                }
                w.write('\n');
            }
        }
    }

    private static String quote(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
