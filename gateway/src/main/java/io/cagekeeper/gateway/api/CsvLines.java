package io.cagekeeper.gateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;

/**
 * CSV records (RFC 4180, CRLF, quoted only where needed) made by commons-csv, with every cell made
 * safe to open in a spreadsheet: a cell starting with {@code = + - @}, a tab or a carriage return
 * would be read as a formula (CSV injection, e.g. a person named {@code =HYPERLINK(...)}), so it is
 * written with a leading apostrophe, which spreadsheets show as text. A null cell is empty.
 */
public final class CsvLines {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private CsvLines() {
    }

    /** Appends one record of {@code cells} (and its line end) to {@code out}. */
    public static void append(StringBuilder out, String... cells) {
        try {
            for (int i = 0; i < cells.length; i++) {
                FORMAT.print(safe(cells[i]), out, i == 0);
            }
            FORMAT.println(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
    }

    /** A record as a string (headers, small files). */
    public static String line(String... cells) {
        StringBuilder sb = new StringBuilder();
        append(sb, cells);
        return sb.toString();
    }

    /** The cell as a spreadsheet must see it: text, never a formula. */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
    }
}
