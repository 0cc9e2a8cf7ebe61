package io.cagekeeper.gateway.events;

import java.util.List;

/**
 * A text[] cell carried inside a one-dimensional text[] parameter: PostgreSQL arrays must be
 * rectangular, so a multi-row insert that unnests one array per column cannot pass a text[] per row.
 * Each row's list travels as one string joined by U+001F (the ASCII unit separator) and is split
 * again in SQL with {@code string_to_array(x, chr(31))}, which turns '' into an empty array.
 */
public final class TextArrays {

    public static final char SEPARATOR = '\u001f';

    private TextArrays() {
    }

    /** Whether the list comes back unchanged: no element empty (it would vanish) or containing the separator. */
    public static boolean joinable(List<String> values) {
        for (String v : values) {
            if (v == null || v.isEmpty() || v.indexOf(SEPARATOR) >= 0) {
                return false;
            }
        }
        return true;
    }

    public static String join(List<String> values) {
        return String.join(String.valueOf(SEPARATOR), values);
    }
}
