package io.cagekeeper.gateway.http;

import io.cagekeeper.gateway.events.StorableText;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a request's path and query strictly, before any route sees them. The router's own decoding
 * is lenient (a malformed escape or invalid UTF-8 silently becomes U+FFFD, {@code %00} becomes a NUL
 * in a path parameter), so a handler could be handed text that is not what was sent, or that
 * PostgreSQL cannot store. Here the target must be ASCII, every escape well formed, every decoded
 * segment and parameter valid UTF-8 without control characters (NUL among them), and no query
 * parameter may be given twice (which one would count?). Pure: unit-tested directly.
 */
public final class RequestTarget {

    private RequestTarget() {
    }

    /** Throws {@link BadRequest} saying what is wrong; {@code query} may be null. */
    public static void check(String path, String query) {
        if (path == null || path.isEmpty()) {
            throw new BadRequest("request path is missing");
        }
        for (String segment : path.split("/", -1)) {
            decode(segment, false, "path");
        }
        if (query == null || query.isEmpty()) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "query parameter name");
            decode(eq < 0 ? "" : pair.substring(eq + 1), true, "query parameter");
            if (!names.add(name)) {
                throw new BadRequest("query parameter given more than once");
            }
        }
    }

    /** Percent-decodes one path segment or query component strictly. */
    static String decode(String s, boolean plusIsSpace, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    throw new BadRequest(what + " has a malformed percent escape");
                }
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c < 0x21 || c > 0x7e) {
                throw new BadRequest("request target must be printable ASCII (percent-encode the rest)");
            } else {
                bytes.write(plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        String text;
        try {
            text = StrictJson.utf8(bytes.toByteArray());
        } catch (BadRequest e) {
            throw new BadRequest(what + " is not valid UTF-8");
        }
        String problem = StorableText.problem(text);
        if (problem != null) {
            throw new BadRequest(what + " " + problem);
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new BadRequest(what + " contains a control character");
            }
        }
        return text;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
