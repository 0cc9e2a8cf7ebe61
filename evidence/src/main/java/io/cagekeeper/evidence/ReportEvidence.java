package io.cagekeeper.evidence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proof that every event a reconciliation report cites is in the site's verifiable log: the
 * report's SHA-256, one signed checkpoint, and each cited event's leaf and audit path in that
 * checkpoint's tree (or why it could not be proven). Checked with the site's verifier key alone
 * ({@link #verify}); a small text file any tool can read:
 * <pre>
 * cagekeeper report evidence v1
 * report &lt;hex SHA-256 of report.json&gt;
 * event &lt;id&gt; &lt;leaf index&gt; &lt;leaf, base64&gt; &lt;audit path: base64 hashes, comma-separated&gt;
 * unproven &lt;id&gt; &lt;why&gt;
 * checkpoint
 * &lt;the signed note, to the end of the file&gt;
 * </pre>
 */
public record ReportEvidence(String reportSha256, Map<Long, Proof> proofs, Map<Long, String> unproven, String checkpoint) {

    private static final String MAGIC = "cagekeeper report evidence v1";
    /** The event ids a canonical report cites: its exceptions' linked events and its sample (keys are never escaped). */
    private static final Pattern CITED = Pattern.compile("(?<!\\\\)\"(?:events|event_ids)\":\\[([0-9,]*)\\]");

    /** One event's leaf in the checkpoint's tree. */
    public record Proof(long index, byte[] leaf, List<byte[]> path) {
    }

    public ReportEvidence {
        proofs = new TreeMap<>(proofs);
        unproven = new TreeMap<>(unproven);
    }

    /** Every event id the canonical report cites, in order. */
    public static TreeSet<Long> cited(byte[] reportJson) {
        TreeSet<Long> ids = new TreeSet<>();
        Matcher m = CITED.matcher(new String(reportJson, StandardCharsets.UTF_8));
        while (m.find()) {
            for (String id : m.group(1).split(",")) {
                if (!id.isEmpty()) {
                    ids.add(Long.parseLong(id));
                }
            }
        }
        return ids;
    }

    public static String sha256(byte[] document) {
        return HexFormat.of().formatHex(Merkle.sha256().digest(document));
    }

    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder b = new StringBuilder(MAGIC).append('\n').append("report ").append(reportSha256).append('\n');
        proofs.forEach((id, p) -> {
            b.append("event ").append(id).append(' ').append(p.index()).append(' ').append(b64.encodeToString(p.leaf())).append(' ');
            for (int i = 0; i < p.path().size(); i++) {
                b.append(i == 0 ? "" : ",").append(b64.encodeToString(p.path().get(i)));
            }
            b.append('\n');
        });
        unproven.forEach((id, why) -> b.append("unproven ").append(id).append(' ').append(why.replace('\n', ' ')).append('\n'));
        return b.append("checkpoint\n").append(checkpoint).toString();
    }

    public static ReportEvidence parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 3 || !lines[0].equals(MAGIC) || !lines[1].startsWith("report ")) {
            throw new IllegalArgumentException("not a '" + MAGIC + "' file");
        }
        Map<Long, Proof> proofs = new TreeMap<>();
        Map<Long, String> unproven = new TreeMap<>();
        Base64.Decoder b64 = Base64.getDecoder();
        int i = 2;
        try {
            for (; i < lines.length && !lines[i].equals("checkpoint"); i++) {
                String[] f = lines[i].split(" ", 5);
                if (f[0].equals("event") && f.length >= 4) {
                    List<byte[]> path = new ArrayList<>();
                    if (f.length == 5 && !f[4].isEmpty()) {
                        for (String h : f[4].split(",")) {
                            path.add(b64.decode(h));
                        }
                    }
                    proofs.put(Long.parseLong(f[1]), new Proof(Long.parseLong(f[2]), b64.decode(f[3]), path));
                } else if (f[0].equals("unproven") && f.length >= 2) {
                    unproven.put(Long.parseLong(f[1]), lines[i].substring(("unproven " + f[1]).length()).strip());
                } else {
                    throw new IllegalArgumentException("line " + (i + 1) + " is neither 'event …', 'unproven …' nor 'checkpoint'");
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + (i + 1) + ": ids and indexes are whole numbers");
        }
        if (i >= lines.length) {
            throw new IllegalArgumentException("the line 'checkpoint' is missing");
        }
        String note = String.join("\n", java.util.Arrays.asList(lines).subList(i + 1, lines.length));
        return new ReportEvidence(lines[1].substring("report ".length()), proofs, unproven, note);
    }

    /**
     * Checks the evidence against the report it names and the site's key: the report's digest, the
     * checkpoint's signature, every proof, and that every event the report cites is proven. Answers the
     * checkpoint, or fails saying the first thing that does not hold.
     */
    public Checkpoint verify(byte[] reportJson, NoteKey key) {
        if (!sha256(reportJson).equals(reportSha256)) {
            throw new IllegalArgumentException("the evidence is of another report (SHA-256 " + reportSha256 + ")");
        }
        Checkpoint c = Checkpoint.open(checkpoint, key);
        for (Map.Entry<Long, Proof> e : proofs.entrySet()) {
            Proof p = e.getValue();
            if (!Merkle.verifyInclusion(p.index(), c.size(), Merkle.leafHash(p.leaf()), p.path(), c.root())) {
                throw new IllegalArgumentException("event " + e.getKey() + " is not leaf #" + p.index() + " of the checkpoint's tree of "
                        + c.size());
            }
            String doc = new String(p.leaf(), StandardCharsets.UTF_8);
            if (!doc.contains("\"kind\":\"event\"") || !doc.contains("\"id\":" + e.getKey() + ",")) {
                throw new IllegalArgumentException("the leaf given for event " + e.getKey() + " is of another row");
            }
        }
        for (long id : cited(reportJson)) {
            if (!proofs.containsKey(id)) {
                String why = unproven.get(id);
                throw new IllegalArgumentException("event " + id + " cited by the report is not proven"
                        + (why == null ? "" : ": " + why));
            }
        }
        return c;
    }
}
