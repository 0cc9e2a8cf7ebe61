package io.cagekeeper.evidence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one signature line per signer,
 * {@code — <name> <base64(4-byte key id ‖ signature)>} (U+2014, a space, the key's name, a space). Each
 * signature covers the text's bytes. A reader keeps the lines it cannot check (another key, a witness,
 * an algorithm it does not know) so a note can carry many signatures and gain more later.
 */
public final class SignedNote {

    /** One signature line. */
    public record Line(String name, int keyId, byte[] signature) {
        String encode() {
            byte[] b = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
            return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(b) + "\n";
        }
    }

    private static final int MAX_SIGNATURES = 100;

    private final String text;
    private final List<Line> lines;

    private SignedNote(String text, List<Line> lines) {
        this.text = text;
        this.lines = List.copyOf(lines);
    }

    /** The note of {@code text} signed by every key of {@code signers}, in order. */
    public static SignedNote sign(String text, List<NoteKey> signers) {
        checkText(text);
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        for (NoteKey k : signers) {
            lines.add(new Line(k.name(), k.keyId(), k.sign(msg)));
        }
        return new SignedNote(text, lines);
    }

    /** This note with one more signature (a cosigner, a witness). */
    public SignedNote cosign(NoteKey key) {
        List<Line> more = new ArrayList<>(lines);
        more.add(new Line(key.name(), key.keyId(), key.sign(text.getBytes(StandardCharsets.UTF_8))));
        return new SignedNote(text, more);
    }

    /** Reads a signed note; fails on anything malformed (signatures unchecked: {@link #verifiedBy}). */
    public static SignedNote parse(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("malformed note: no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        checkText(text);
        List<Line> lines = new ArrayList<>();
        for (String l : note.substring(split + 2).split("\n")) {
            if (!l.startsWith("\u2014 ")) {
                throw new IllegalArgumentException("malformed note: a signature line starts with '\u2014 '");
            }
            String[] p = l.substring(2).split(" ", -1);
            if (p.length != 2 || !NoteKey.validName(p[0])) {
                throw new IllegalArgumentException("malformed note: a signature line reads '\u2014 <name> <base64>'");
            }
            byte[] b;
            try {
                b = Base64.getDecoder().decode(p[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed note: a signature is not base64");
            }
            if (b.length < 5) {
                throw new IllegalArgumentException("malformed note: a signature is too short");
            }
            ByteBuffer bb = ByteBuffer.wrap(b);
            int id = bb.getInt();
            byte[] sig = new byte[b.length - 4];
            bb.get(sig);
            lines.add(new Line(p[0], id, sig));
        }
        if (lines.isEmpty() || lines.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("malformed note: 1 to " + MAX_SIGNATURES + " signatures");
        }
        return new SignedNote(text, lines);
    }

    private static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n") || text.startsWith("\n")) {
            throw new IllegalArgumentException("malformed note: the text is non-empty lines, each ending in a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && Character.isISOControl(c)) {
                throw new IllegalArgumentException("malformed note: control character in the text");
            }
        }
    }

    public String text() {
        return text;
    }

    public List<Line> lines() {
        return lines;
    }

    /**
     * Whether a line of {@code key} (same name and key id) carries a valid signature of the text.
     * Lines of other keys are ignored, as the format requires.
     */
    public boolean verifiedBy(NoteKey key) {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        for (Line l : lines) {
            if (l.name().equals(key.name()) && l.keyId() == key.keyId() && key.verify(msg, l.signature())) {
                return true;
            }
        }
        return false;
    }

    /** The note as text: the text, a blank line, the signature lines. */
    public String encode() {
        StringBuilder b = new StringBuilder(text).append('\n');
        lines.forEach(l -> b.append(l.encode()));
        return b.toString();
    }

    @Override
    public String toString() {
        return encode();
    }
}
