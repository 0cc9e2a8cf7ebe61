package io.cagekeeper.gateway.events;

/**
 * Text PostgreSQL can store. A {@code text} or {@code jsonb} value may not hold U+0000 (NUL), and a
 * Java string holding half of a surrogate pair has no UTF-8 form at all (the driver would silently
 * turn it into '?'). Entry points refuse such text; the journal and the quarantine escape it so that
 * an event that carries it anyway is kept whole.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Null when PostgreSQL can store {@code s} as it is; otherwise what is wrong with it, in plain words. */
    public static String problem(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains a NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains a lone surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains a lone surrogate";
            }
        }
        return null;
    }

    /** Whether {@code s} holds half of a surrogate pair on its own (text with no UTF-8 form). */
    static boolean hasLoneSurrogate(String s) {
        return s != null && !s.equals(escapeLoneSurrogates(s));
    }

    public static boolean storable(String s) {
        return problem(s) == null;
    }

    /**
     * {@code s} with every lone surrogate written as a JSON escape (backslash, u, four hex digits). Applied to
     * encoded JSON, where a surrogate can only occur inside a string literal, it keeps the document
     * valid and its meaning unchanged while making it encodable as UTF-8.
     */
    static String escapeLoneSurrogates(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1));
            if (pair) {
                if (out != null) {
                    out.append(c).append(json.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    /** Storable and readable: NUL and lone surrogates become U+FFFD, the whole cut to {@code max} characters. */
    public static String sanitized(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out.length() + 2 > max) {
                    break;
                }
                out.append(c).append(s.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append('\ufffd');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
