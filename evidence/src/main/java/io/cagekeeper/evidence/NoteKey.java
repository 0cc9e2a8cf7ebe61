package io.cagekeeper.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 key of the C2SP signed-note format (the format of Go's {@code golang.org/x/mod/sumdb/note}):
 * a verifier key reads {@code <name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte public key)>}, a signer key
 * {@code PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ 32-byte seed)>}. The key id is the first four bytes of
 * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), so a verifier picks its key from a signature line by name and
 * id and ignores lines of keys it does not know (a second site key, a witness). The JDK's Ed25519 only.
 */
public final class NoteKey {

    /** The signed-note algorithm byte of Ed25519. */
    static final byte ED25519 = 1;
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final String PRIVATE = "PRIVATE+KEY+";

    private final String name;
    private final byte[] publicKey;
    private final byte[] seed;
    private final int keyId;

    private NoteKey(String name, byte[] publicKey, byte[] seed) {
        if (!validName(name)) {
            throw new IllegalArgumentException("a key name is non-empty and has no space, '+' or control character");
        }
        this.name = name;
        this.publicKey = publicKey.clone();
        this.seed = seed == null ? null : seed.clone();
        this.keyId = keyId(name, publicKey);
    }

    /** A new key pair for {@code name}. */
    public static NoteKey generate(String name) {
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] pub = pair.getPublic().getEncoded();
            byte[] priv = pair.getPrivate().getEncoded();
            return new NoteKey(name, Arrays.copyOfRange(pub, pub.length - 32, pub.length),
                    Arrays.copyOfRange(priv, priv.length - 32, priv.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** Reads a verifier key ({@code name+hash+base64}). */
    public static NoteKey verifier(String vkey) {
        String[] p = vkey.trim().split("\\+", 3);
        if (p.length != 3) {
            throw new IllegalArgumentException("a verifier key reads <name>+<8 hex digits>+<base64 key>");
        }
        byte[] raw = decodeKey(p[2]);
        NoteKey k = new NoteKey(p[0], Arrays.copyOfRange(raw, 1, raw.length), null);
        k.checkId(p[1]);
        return k;
    }

    /** Reads a signer key ({@code PRIVATE+KEY+name+hash+base64}) with its verifier key (the JDK cannot derive one from the other). */
    public static NoteKey signer(String skey, String vkey) {
        String s = skey.trim();
        if (!s.startsWith(PRIVATE)) {
            throw new IllegalArgumentException("a signer key starts with " + PRIVATE);
        }
        String[] p = s.substring(PRIVATE.length()).split("\\+", 3);
        if (p.length != 3) {
            throw new IllegalArgumentException("a signer key reads PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>");
        }
        NoteKey pub = verifier(vkey);
        byte[] raw = decodeKey(p[2]);
        if (!p[0].equals(pub.name) || !p[1].equals(pub.keyIdHex())) {
            throw new IllegalArgumentException("the signer key and the verifier key are not of the same name and id");
        }
        NoteKey k = new NoteKey(p[0], pub.publicKey, Arrays.copyOfRange(raw, 1, raw.length));
        byte[] probe = "cagekeeper key check".getBytes(StandardCharsets.UTF_8);
        if (!k.verify(probe, k.sign(probe))) {
            throw new IllegalArgumentException("the signer key does not belong to the verifier key");
        }
        return k;
    }

    private static byte[] decodeKey(String b64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64");
        }
        if (raw.length != 33 || raw[0] != ED25519) {
            throw new IllegalArgumentException("not an Ed25519 note key (algorithm byte 0x01 and 32 bytes)");
        }
        return raw;
    }

    private void checkId(String hex) {
        if (!hex.equals(keyIdHex())) {
            throw new IllegalArgumentException("the key id " + hex + " does not match the key (" + keyIdHex() + ")");
        }
    }

    static boolean validName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == '+' || Character.isISOControl(c) || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    static int keyId(String name, byte[] publicKey) {
        MessageDigest d = Merkle.sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(ED25519);
        d.update(publicKey);
        byte[] h = d.digest();
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    public String keyIdHex() {
        return String.format("%08x", keyId);
    }

    public boolean canSign() {
        return seed != null;
    }

    /** The verifier key text, safe to publish. */
    public String verifierKey() {
        return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(withAlgorithm(publicKey));
    }

    /** The signer key text: a secret, for a file only its owner reads. */
    public String signerKey() {
        if (seed == null) {
            throw new IllegalStateException("a verifier key cannot sign");
        }
        return PRIVATE + name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(withAlgorithm(seed));
    }

    private static byte[] withAlgorithm(byte[] key) {
        byte[] out = new byte[33];
        out[0] = ED25519;
        System.arraycopy(key, 0, out, 1, 32);
        return out;
    }

    /**
     * A secret derived from the signer key for another use ({@code purpose} names it, e.g. the MAC key
     * of a local journal): HMAC-SHA256(seed, purpose), so one key file holds the site's key material
     * and the signing key itself is never reused as a MAC key.
     */
    public byte[] derive(String purpose) {
        if (seed == null) {
            throw new IllegalStateException("a verifier key holds no secret");
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(seed, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    /** The Ed25519 signature of {@code message} (64 bytes). */
    public byte[] sign(byte[] message) {
        if (seed == null) {
            throw new IllegalStateException("a verifier key cannot sign");
        }
        try {
            PrivateKey k = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(k);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        try {
            PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicKey)));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(k);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
