package io.cagekeeper.reconciliation.input;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How a foreign export maps onto a canonical table (docs/reconciliation.md, "Column mapping"): a small
 * properties file with {@code column.<canonical>=<their header>}, {@code time.format} and
 * {@code time.zone}, and {@code value.<canonical column>.<their value>=<canonical value>}. The identity
 * mapping reads canonical files.
 */
public final class ColumnMapping {

    private final Map<String, String> columns;
    private final Map<String, Map<String, String>> values;
    private final String timeFormat;
    private final ZoneId zone;

    private ColumnMapping(Map<String, String> columns, Map<String, Map<String, String>> values, String timeFormat,
                          ZoneId zone) {
        this.columns = columns;
        this.values = values;
        this.timeFormat = timeFormat;
        this.zone = zone;
    }

    public static ColumnMapping identity() {
        return new ColumnMapping(Map.of(), Map.of(), "iso", ZoneId.of("UTC"));
    }

    /** Reads a mapping file for {@code table}; a key that names no canonical column is an error. */
    public static ColumnMapping load(Path file, Table table) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new InputException("cannot read mapping " + file + ": " + e.getMessage());
        }
        Map<String, String> columns = new HashMap<>();
        Map<String, Map<String, String>> values = new HashMap<>();
        String format = "iso";
        ZoneId zone = ZoneId.of("UTC");
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (key.startsWith("column.")) {
                columns.put(known(table, key.substring(7), file), value);
            } else if (key.startsWith("value.")) {
                String rest = key.substring(6);
                int dot = rest.indexOf('.');
                if (dot < 0) {
                    throw new InputException(file + ": " + key + " must be value.<column>.<their value>");
                }
                values.computeIfAbsent(known(table, rest.substring(0, dot), file), k -> new HashMap<>())
                        .put(rest.substring(dot + 1), value);
            } else if (key.equals("time.format")) {
                format = value;
            } else if (key.equals("time.zone")) {
                try {
                    zone = ZoneId.of(value);
                } catch (DateTimeException e) {
                    throw new InputException(file + ": time.zone " + value + " is not a time zone");
                }
            } else {
                throw new InputException(file + ": unknown key " + key);
            }
        }
        ColumnMapping mapping = new ColumnMapping(columns, values, format, zone);
        try {
            mapping.timeParser();
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": time.format " + format + " is not a valid pattern");
        }
        return mapping;
    }

    private static String known(Table table, String column, Path file) {
        if (!table.columns().contains(column)) {
            throw new InputException(file + ": " + table.fileName() + " has no column " + column);
        }
        return column;
    }

    /** The header this file uses for a canonical column. */
    public String header(String canonical) {
        return columns.getOrDefault(canonical, canonical);
    }

    /** The canonical value for a value as the file wrote it (unchanged when unmapped). */
    public String value(String canonical, String raw) {
        Map<String, String> m = values.get(canonical);
        if (m == null || raw == null) {
            return raw;
        }
        return m.getOrDefault(raw, raw);
    }

    public Times.Parser timeParser() {
        return new Times.Parser(timeFormat, zone);
    }
}
