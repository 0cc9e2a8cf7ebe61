package io.cagekeeper.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detached Ed25519 signature of a document's bytes (a report or an export in canonical JSON:
 * {@link CanonicalJson}), kept beside it as a small JSON file:
 * <pre>{"alg":"Ed25519","key":"&lt;name&gt;+&lt;key id&gt;","sha256":"&lt;hex of the document&gt;","signature":"&lt;base64&gt;"}</pre>
 * Generic over the document: whoever signs a report (reconciliation) or an export gives its bytes.
 * The signature covers the bytes exactly, so a JSON document must be canonical before it is signed
 * and checked as the bytes received, never re-encoded.
 */
public final class DetachedSignature {

    private DetachedSignature() {
    }

    /** The signature file's text for {@code document} by {@code key}. */
    public static String sign(byte[] document, NoteKey key) {
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("alg", "Ed25519");
        sig.put("key", key.name() + "+" + key.keyIdHex());
        sig.put("sha256", HexFormat.of().formatHex(Merkle.sha256().digest(document)));
        sig.put("signature", Base64.getEncoder().encodeToString(key.sign(document)));
        return CanonicalJson.encodeToString(sig) + "\n";
    }

    /** Signs a JSON value: its canonical bytes and the signature file, in that order. */
    public static String[] signJson(Object value, NoteKey key) {
        byte[] doc = CanonicalJson.encode(value);
        return new String[] {new String(doc, StandardCharsets.UTF_8), sign(doc, key)};
    }

    /**
     * Whether {@code signatureFile} is {@code key}'s signature of {@code document}. Reads only the four
     * members it writes (the file is canonical JSON of plain strings); anything else is refused.
     */
    public static boolean verify(byte[] document, String signatureFile, NoteKey key) {
        String s = signatureFile.strip();
        String prefix = "{\"alg\":\"Ed25519\",\"key\":\"" + key.name() + "+" + key.keyIdHex() + "\",\"sha256\":\""
                + HexFormat.of().formatHex(Merkle.sha256().digest(document)) + "\",\"signature\":\"";
        if (!s.startsWith(prefix) || !s.endsWith("\"}")) {
            return false;
        }
        try {
            return key.verify(document, Base64.getDecoder().decode(s.substring(prefix.length(), s.length() - 2)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
