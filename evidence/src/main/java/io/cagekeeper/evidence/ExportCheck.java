package io.cagekeeper.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a signed export ({@link SignedExport}) as a stream, one line in memory: the trailer's
 * signature by the site key, then that every line is numbered in order and records the hash of the line
 * before it, the row count, the last line's hash and the body's SHA-256 against the signed manifest.
 * The first thing that does not hold is named with its line number. Reads bytes, not characters, so the
 * hashes are of the file's bytes exactly.
 */
public final class ExportCheck {

    /** The outcome: {@code problem} null when the export holds; {@code summary} what the manifest says. */
    public record Result(String problem, String summary) {
        public boolean ok() {
            return problem == null;
        }
    }

    private static final Pattern LINE = Pattern.compile("\\{\"n\":([0-9]{1,19}),\"prev\":\"([0-9a-f]{64})\",\"row\":\\{.*\\}\\}");
    private static final Pattern TRAILER = Pattern.compile(
            "\\{\"manifest\":(\\{.*\\}),\"signature\":\\{\"alg\":\"Ed25519\",\"key\":\"([^\"\\\\]+)\",\"value\":\"([A-Za-z0-9+/=]+)\"\\}\\}");

    private final MessageDigest body = Merkle.sha256();
    private final MessageDigest lineHash = Merkle.sha256();
    private byte[] prev = new byte[32];
    private long lines;
    private String problem;

    private ExportCheck() {
    }

    /** Checks the export read from {@code in} against the site's verifier key. */
    public static Result check(InputStream in, NoteKey key) throws IOException {
        ExportCheck c = new ExportCheck();
        byte[] pending = null;
        Lines lines = new Lines(in);
        for (byte[] l = lines.next(); l != null; l = lines.next()) {
            if (pending != null) {
                c.bodyLine(pending);
            }
            pending = l;
        }
        return c.finish(pending, key);
    }

    private void bodyLine(byte[] bytes) {
        long at = ++lines;
        body.update(bytes);
        body.update((byte) '\n');
        byte[] hash = lineHash.digest(bytes);
        if (problem == null) {
            Matcher m = LINE.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            if (!m.matches()) {
                problem = "line " + at + " is not a line of " + SignedExport.FORMAT;
            } else if (!m.group(1).equals(Long.toString(at))) {
                problem = "line " + at + " is numbered " + m.group(1) + (Long.parseLong(m.group(1)) > at
                        ? ": the line before it was deleted, or lines were moved" : ": a line was inserted before it, or lines were moved");
            } else if (!Arrays.equals(HexFormat.of().parseHex(m.group(2)), prev)) {
                problem = at == 1 ? "line 1 does not start the export (a line was inserted before it)"
                        : "line " + (at - 1) + " was changed: it does not hash to what line " + at + " records";
            }
        }
        prev = hash;
    }

    private Result finish(byte[] trailer, NoteKey key) {
        Matcher t = trailer == null ? null : TRAILER.matcher(new String(trailer, StandardCharsets.ISO_8859_1));
        if (t == null || !t.matches()) {
            return new Result("the last line is not a signed manifest (the file is truncated, or not an export)", null);
        }
        byte[] manifest = t.group(1).getBytes(StandardCharsets.ISO_8859_1);
        String m = new String(manifest, StandardCharsets.UTF_8);
        boolean signed;
        try {
            signed = t.group(2).equals(key.name() + "+" + key.keyIdHex()) && key.verify(manifest, Base64.getDecoder().decode(t.group(3)));
        } catch (IllegalArgumentException e) {
            signed = false;
        }
        if (!signed) {
            return new Result("the manifest does not carry a valid signature by " + key.name() + "+" + key.keyIdHex(), null);
        }
        String format = member(m, "format", "\"([^\"]*)\"");
        String rows = member(m, "rows", "([0-9]{1,19})");
        String sha = member(m, "sha256", "\"([0-9a-f]{64})\"");
        String last = member(m, "last", "\"([0-9a-f]{64})\"");
        if (!SignedExport.FORMAT.equals(format) || rows == null || sha == null || last == null) {
            return new Result("the manifest is not one of " + SignedExport.FORMAT, null);
        }
        String summary = summary(m, rows, sha);
        long signedRows = Long.parseLong(rows);
        if (problem != null) {
            return new Result(problem, summary);
        }
        if (lines < signedRows) {
            return new Result("the file ends at line " + lines + " of " + signedRows + ": the lines after it were deleted", summary);
        }
        if (lines > signedRows) {
            return new Result("the manifest signs " + signedRows + " lines, the file has " + lines + ": lines were added", summary);
        }
        if (!HexFormat.of().formatHex(prev).equals(last)) {
            return new Result("line " + lines + " was changed: it does not hash to what the manifest records"
                    + (lines > 1 ? " (or an earlier line was, with the hash of every line after it recomputed)" : ""), summary);
        }
        if (!HexFormat.of().formatHex(body.digest()).equals(sha)) {
            return new Result("the body does not hash to the signed SHA-256 " + sha, summary);
        }
        return new Result(null, summary);
    }

    private static String summary(String m, String rows, String sha) {
        String filters = member(m, "filters", "(\\{[^{}]*\\})");
        Matcher cp = Pattern.compile("(?<!\\\\)\"checkpoint\":\\{\"origin\":\"([^\"]*)\",\"root\":\"([^\"]*)\",\"size\":([0-9]+)\\}").matcher(m);
        return rows + " rows, SHA-256 " + sha + ", filters " + (filters == null ? "{}" : filters) + ", exported at "
                + member(m, "exportedAt", "\"([^\"]*)\"")
                + (cp.find() ? ", the log '" + cp.group(1) + "' then of " + cp.group(3) + " leaves (root " + cp.group(2) + ")"
                        : ", no log checkpoint then");
    }

    /** A top-level member of the canonical manifest (quotes inside strings are escaped, so a name is found only as a name). */
    private static String member(String manifest, String name, String value) {
        Matcher x = Pattern.compile("(?<!\\\\)\"" + name + "\":" + value).matcher(manifest);
        return x.find() ? x.group(1) : null;
    }

    /** Splits a stream into lines at {@code \n}, 64 KiB read at a time (a million-row export is read in seconds). */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int len;

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next line without its {@code \n}, or null at the end. */
        byte[] next() throws IOException {
            ByteArrayOutputStream b = null;
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return b == null ? null : b.toByteArray();
                    }
                }
                int start = pos;
                while (pos < len && buf[pos] != '\n') {
                    pos++;
                }
                if (b == null) {
                    b = new ByteArrayOutputStream(Math.max(64, pos - start));
                }
                b.write(buf, start, pos - start);
                if (pos < len) {
                    pos++;
                    return b.toByteArray();
                }
            }
        }
    }
}
