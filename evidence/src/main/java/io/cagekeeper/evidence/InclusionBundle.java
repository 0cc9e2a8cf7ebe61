package io.cagekeeper.evidence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Everything needed to prove one logged row to someone who trusts only the site's public key: the
 * leaf's bytes (its canonical JSON), its index, the audit path and the signed checkpoint, as a small
 * text file any tool can read.
 * <pre>
 * cagekeeper inclusion proof v1
 * kind event
 * id 123
 * index 41
 * leaf &lt;base64&gt;
 * proof &lt;base64&gt;          (one line per hash, nearest sibling first)
 * checkpoint
 * &lt;the signed note, to the end of the file&gt;
 * </pre>
 */
public record InclusionBundle(String kind, long id, long index, byte[] leaf, List<byte[]> proof, String checkpoint) {

    private static final String MAGIC = "cagekeeper inclusion proof v1";

    public InclusionBundle {
        leaf = leaf.clone();
        proof = List.copyOf(proof);
    }

    @Override
    public byte[] leaf() {
        return leaf.clone();
    }

    public String encode() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder b = new StringBuilder(MAGIC).append('\n').append("kind ").append(kind).append('\n').append("id ").append(id)
                .append('\n').append("index ").append(index).append('\n').append("leaf ").append(b64.encodeToString(leaf)).append('\n');
        proof.forEach(p -> b.append("proof ").append(b64.encodeToString(p)).append('\n'));
        return b.append("checkpoint\n").append(checkpoint).toString();
    }

    public static InclusionBundle parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 7 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a '" + MAGIC + "' file");
        }
        try {
            String kind = field(lines[1], "kind");
            long id = Long.parseLong(field(lines[2], "id"));
            long index = Long.parseLong(field(lines[3], "index"));
            byte[] leaf = Base64.getDecoder().decode(field(lines[4], "leaf"));
            List<byte[]> proof = new ArrayList<>();
            int i = 5;
            while (i < lines.length && lines[i].startsWith("proof ")) {
                proof.add(Base64.getDecoder().decode(field(lines[i++], "proof")));
            }
            if (i >= lines.length || !lines[i].equals("checkpoint")) {
                throw new IllegalArgumentException("the line 'checkpoint' is missing");
            }
            String note = String.join("\n", java.util.Arrays.asList(lines).subList(i + 1, lines.length));
            return new InclusionBundle(kind, id, index, leaf, proof, note);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("id and index are whole numbers");
        }
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("expected the line '" + name + " …', got another");
        }
        return line.substring(name.length() + 1);
    }

    /**
     * Checks the checkpoint's signature by {@code key} and that the leaf is leaf {@code index} of the
     * tree it signs; answers the checkpoint, or fails saying what does not hold.
     */
    public Checkpoint verify(NoteKey key) {
        Checkpoint c = Checkpoint.open(checkpoint, key);
        if (!Merkle.verifyInclusion(index, c.size(), Merkle.leafHash(leaf), proof, c.root())) {
            throw new IllegalArgumentException("the leaf is not leaf #" + index + " of the checkpoint's tree of " + c.size());
        }
        String doc = new String(leaf, StandardCharsets.UTF_8);
        if (!doc.contains("\"kind\":\"" + kind + "\"") || !doc.contains("\"id\":" + id + ",")) {
            throw new IllegalArgumentException("the leaf is not of " + kind + " " + id);
        }
        return c;
    }
}
