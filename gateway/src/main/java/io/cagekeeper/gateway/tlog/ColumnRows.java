package io.cagekeeper.gateway.tlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logged table as verify-log reads it: column by column, each column as PostgreSQL writes the column
 * alone (a timestamp as {@code to_json} writes it, in the UTC the reading transaction sets), and the row
 * then built here as the very values that parsing {@code to_jsonb(row)::text} yields (a leaf's definition,
 * docs/evidence.md). That spares PostgreSQL the rendering of every row as one JSON text and the verifier
 * its parse, which were most of each side's work per row (BENCHMARKS.md, the verifiable log).
 *
 * <p>Only for a table whose every column (as the database has it now) is of a type of {@link #TYPES},
 * where the two give the same values: integers as integers, text as the same string, booleans, the
 * timestamp's JSON string, a jsonb column parsed as the document would parse it, a text array as
 * {@code to_json} writes it (nested for more dimensions, NULL elements as null) parsed so too. The reading
 * thread (one a connection) only takes the columns' text; the hashing threads (two) parse. Any other type
 * (a float, a numeric, a domain) makes the table read by the definition ({@link LoggedRows#TO_JSONB}).
 * {@code RowRenderingIT} holds the two to the same canonical rows on every logged table with awkward values.
 */
final class ColumnRows {

    /** How a column is read and turned into its JSON value. */
    enum Kind { INTEGER, TEXT, BOOL, TIMESTAMP, JSONB, TEXT_ARRAY }

    /** The column types read column by column, by their {@code pg_type.typname}. */
    static final Map<String, Kind> TYPES = Map.of("int2", Kind.INTEGER, "int4", Kind.INTEGER, "int8", Kind.INTEGER,
            "text", Kind.TEXT, "varchar", Kind.TEXT, "bool", Kind.BOOL, "timestamptz", Kind.TIMESTAMP, "jsonb", Kind.JSONB,
            "_text", Kind.TEXT_ARRAY);

    private static final String COLUMNS = """
            SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """;

    private final LoggedRows.Table table;
    private final String[] names;
    private final Kind[] kinds;
    private final String select;

    private ColumnRows(LoggedRows.Table table, List<String> names, List<Kind> kinds) {
        this.table = table;
        this.names = names.toArray(new String[0]);
        this.kinds = kinds.toArray(new Kind[0]);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < this.names.length; i++) {
            String column = "t." + quoted(this.names[i]);
            s.append(", ").append(switch (this.kinds[i]) {
                case TIMESTAMP, TEXT_ARRAY -> "to_json(" + column + ")::text";
                case JSONB -> column + "::text";
                default -> column;
            });
        }
        this.select = s.toString();
    }

    /** The table read by its columns as the database has them now, or null when one is of a type not in {@link #TYPES}. */
    static ColumnRows of(Connection c, LoggedRows.Table t) throws SQLException {
        List<String> names = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(COLUMNS)) {
            p.setString(1, t.name());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Kind k = TYPES.get(rs.getString(2));
                    if (k == null) {
                        return null;
                    }
                    names.add(rs.getString(1));
                    kinds.add(k);
                }
            }
        }
        return names.isEmpty() ? null : new ColumnRows(t, names, kinds);
    }

    /** The rows with ids in [$1, $2], the id first (as {@link LoggedRows.Table#byRange}). */
    String byRange() {
        return "SELECT t." + table.id() + " AS id" + select + " FROM " + table.name() + " t WHERE t." + table.id() + " >= $1 AND t."
                + table.id() + " <= $2";
    }

    /** The rows of an array of ids ($1), the id first (as {@link LoggedRows.Table#byIds}). */
    String byIds() {
        return "SELECT t." + table.id() + " AS id" + select + " FROM " + table.name() + " t WHERE t." + table.id() + " = ANY($1::bigint[])";
    }

    /** The current row's columns as read (from the second on: the first is the id), for {@link #row} on another thread. */
    Object[] read(ResultSet rs) throws SQLException {
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            int column = i + 2;
            values[i] = switch (kinds[i]) {
                case INTEGER -> {
                    long x = rs.getLong(column);
                    yield rs.wasNull() ? null : x;
                }
                case BOOL -> {
                    boolean x = rs.getBoolean(column);
                    yield rs.wasNull() ? null : x;
                }
                case TEXT, TIMESTAMP, JSONB, TEXT_ARRAY -> rs.getString(column);
            };
        }
        return values;
    }

    /** The row as {@link LeafCodec#parse} yields {@code to_jsonb(row)::text}: a new map, the caller's to change. */
    Map<String, Object> row(Object[] values) {
        Map<String, Object> row = new LinkedHashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], json(kinds[i], values[i]));
        }
        return row;
    }

    private static Object json(Kind kind, Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case INTEGER, TEXT, BOOL -> value;
            case TIMESTAMP -> jsonString((String) value);
            case JSONB, TEXT_ARRAY -> LeafCodec.parseValue((String) value);
        };
    }

    /** A JSON string's value: its characters between the quotes when it has no escape (a timestamp never has one), else parsed. */
    static Object jsonString(String json) {
        int n = json.length();
        if (n >= 2 && json.charAt(0) == '"' && json.charAt(n - 1) == '"' && json.indexOf('\\') < 0) {
            return json.substring(1, n - 1);
        }
        return LeafCodec.parseValue(json);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
