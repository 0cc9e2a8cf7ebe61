package io.cagekeeper.evidence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON after RFC 8785 (JCS): object members sorted by their names' UTF-16 code units, no
 * whitespace, strings escaped only where JSON requires ({@code \" \\ \b \f \n \r \t}, other controls as
 * six-character escapes), everything else as UTF-8, integers in decimal. One document has one byte sequence,
 * so a hash or signature over it can be checked by anyone who re-encodes the same values.
 *
 * <p>Takes what a JSON parser yields: {@link Map} (string keys), {@link Collection}, {@link String},
 * {@link Number}, {@link Boolean}, null. Non-integral numbers are written in the shortest form that
 * reads back as the same double, as ECMAScript prints them; the logs this project signs hold integers.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] encode(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String encodeToString(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b);
        return b.toString();
    }

    private static void write(Object v, StringBuilder b) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(s, b);
        } else if (v instanceof Boolean x) {
            b.append(x.booleanValue());
        } else if (v instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            for (Object k : m.keySet()) {
                if (!(k instanceof String s)) {
                    throw new IllegalArgumentException("a JSON object's member names are strings");
                }
                keys.add(s);
            }
            keys.sort(String::compareTo); // String.compareTo compares UTF-16 code units, as RFC 8785 asks
            b.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                string(keys.get(i), b);
                b.append(':');
                write(m.get(keys.get(i)), b);
            }
            b.append('}');
        } else if (v instanceof Collection<?> c) {
            b.append('[');
            boolean first = true;
            for (Object e : c) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(e, b);
            }
            b.append(']');
        } else if (v instanceof Number n) {
            number(n, b);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getSimpleName());
        }
    }

    private static void number(Number n, StringBuilder b) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
            b.append(n);
            return;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no NaN or infinity");
        }
        if (d == 0) {
            b.append('0');
            return;
        }
        BigDecimal x = shortest(d);
        int exponent = x.precision() - x.scale() - 1;
        if (exponent >= -6 && exponent < 21) {
            b.append(x.toPlainString());
        } else {
            String digits = x.unscaledValue().abs().toString();
            if (x.signum() < 0) {
                b.append('-');
            }
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exponent > 0 ? "+" : "").append(exponent);
        }
    }

    /** The fewest significant digits that read back as {@code d}, the nearest such (Java 17's Double.toString is not always shortest). */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p < 17; p++) {
            BigDecimal x = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (x.doubleValue() == d) {
                return x.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** Runs of characters that need no escape (nearly all of them) are copied whole, not char by char. */
    private static void string(String s, StringBuilder b) {
        b.append('"');
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        b.append(s, run, s.length());
        b.append('"');
    }
}
