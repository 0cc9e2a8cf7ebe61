package io.cagekeeper.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a signed export ({@code cagekeeper-export/1}): one canonical JSON line (RFC 8785) per row,
 * {@code {"n":<1-based line number>,"prev":"<hex SHA-256 of the previous line's bytes>","row":{…}}},
 * then one trailer line {@code {"manifest":{…},"signature":{"alg":"Ed25519","key":"<name>+<id>","value":"<base64>"}}}
 * whose signature covers the manifest's canonical bytes. The manifest holds what the export was asked
 * for and what it holds: the filters, the row count, the SHA-256 of every body line (each with its
 * {@code \n}), the last line's hash, the log's checkpoint at export time, when and for what order.
 *
 * <p>Why the number and the previous line's hash on every line: the signed body hash says that the file
 * changed, they say where. A deleted, inserted or moved line breaks the numbering; an edited line no
 * longer hashes to what the next line (or, for the last line, the manifest) records. Memory is one line
 * and two digests, whatever the number of rows. Not thread-safe: one export, one writer.
 */
public final class SignedExport {

    /** The format's name, in every manifest. */
    public static final String FORMAT = "cagekeeper-export/1";

    private final MessageDigest body = Merkle.sha256();
    private final MessageDigest line = Merkle.sha256();
    private byte[] prev = new byte[32];
    private long rows;

    /** Appends the line of the next row ({@code row}: a JSON value as {@link CanonicalJson} takes it, with its {@code \n}) to {@code out}. */
    public void append(Map<String, ?> row, StringBuilder out) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("n", ++rows);
        l.put("prev", HexFormat.of().formatHex(prev));
        l.put("row", row);
        byte[] bytes = CanonicalJson.encode(l);
        body.update(bytes);
        body.update((byte) '\n');
        prev = line.digest(bytes);
        out.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
    }

    public long rows() {
        return rows;
    }

    /**
     * The trailer line (with its {@code \n}) signed by {@code key}.
     *
     * @param about what the export was asked for and when: {@code filters}, {@code order}, {@code exportedAt},
     *              {@code checkpoint} ({@link #checkpoint}), {@code kind} …; the counts and hashes are added here
     */
    public String trailer(Map<String, ?> about, NoteKey key) {
        Map<String, Object> m = new LinkedHashMap<>(about);
        m.put("format", FORMAT);
        m.put("rows", rows);
        m.put("sha256", HexFormat.of().formatHex(body.digest()));
        m.put("last", HexFormat.of().formatHex(prev));
        byte[] manifest = CanonicalJson.encode(m);
        return "{\"manifest\":" + new String(manifest, StandardCharsets.UTF_8) + ",\"signature\":{\"alg\":\"Ed25519\",\"key\":\""
                + key.name() + "+" + key.keyIdHex() + "\",\"value\":\"" + Base64.getEncoder().encodeToString(key.sign(manifest)) + "\"}}\n";
    }

    /** The manifest's {@code checkpoint} member for a signed note ({@code null}: no checkpoint yet): origin, size, base64 root. */
    public static Map<String, Object> checkpoint(String note) {
        if (note == null) {
            return null;
        }
        Checkpoint c = Checkpoint.parse(SignedNote.parse(note).text());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", c.origin());
        m.put("root", Base64.getEncoder().encodeToString(c.root()));
        m.put("size", c.size());
        return m;
    }
}
