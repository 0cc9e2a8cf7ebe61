package io.cagekeeper.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint: the body of a signed note that commits a log to its size and root hash.
 * <pre>
 * &lt;origin&gt;
 * &lt;tree size, decimal&gt;
 * &lt;root hash, base64&gt;
 * [extension lines]
 * </pre>
 * The origin names the log (a site's log cannot pass for another's); extension lines are kept as
 * they are and covered by the signatures.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint's origin is one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is not negative");
        }
        if (root == null || root.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("a root hash has 32 bytes");
        }
        root = root.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("an extension is one non-empty line");
            }
        }
    }

    public Checkpoint(String origin, long size, byte[] root) {
        this(origin, size, root, List.of());
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** The note text this checkpoint signs. */
    public String text() {
        StringBuilder b = new StringBuilder().append(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(root)).append('\n');
        extensions.forEach(e -> b.append(e).append('\n'));
        return b.toString();
    }

    /** Reads the text of a checkpoint note. */
    public static Checkpoint parse(String text) {
        String[] l = text.split("\n", -1);
        if (l.length < 4 || !l[l.length - 1].isEmpty()) {
            throw new IllegalArgumentException("a checkpoint has an origin, a size and a root hash, each on its line");
        }
        long size;
        try {
            if (!l[1].matches("0|[1-9][0-9]{0,18}")) {
                throw new NumberFormatException();
            }
            size = Long.parseLong(l[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a checkpoint's size is a decimal number without leading zeros");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(l[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a checkpoint's root hash is base64");
        }
        List<String> ext = new ArrayList<>(Arrays.asList(l).subList(3, l.length - 1));
        return new Checkpoint(l[0], size, root, ext);
    }

    /** Signs this checkpoint with every key given. */
    public SignedNote sign(List<NoteKey> keys) {
        return SignedNote.sign(text(), keys);
    }

    /** The checkpoint of a signed note, only if {@code key} signed it; fails otherwise. */
    public static Checkpoint open(String note, NoteKey key) {
        SignedNote n = SignedNote.parse(note);
        if (!n.verifiedBy(key)) {
            throw new IllegalArgumentException("the checkpoint carries no valid signature of " + key.name() + "+" + key.keyIdHex());
        }
        return parse(n.text());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root)
                && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return text();
    }
}
