package io.cagekeeper.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The backup's key material, sealed with a passphrase: AES-256-GCM under a key derived with
 * PBKDF2-HMAC-SHA256 (600,000 iterations, a random 16-byte salt). A wrong passphrase and a changed
 * byte fail alike (the GCM tag), so a restore never writes keys it cannot vouch for. Layout:
 * {@code CKKEYS1 | salt(16) | nonce(12) | ciphertext+tag}; the magic is the associated data.
 */
final class KeyVault {

    static final int MIN_PASSPHRASE = 12;
    private static final byte[] MAGIC = "CKKEYS1".getBytes(StandardCharsets.US_ASCII);
    private static final int ITERATIONS = 600_000;
    private static final int SALT = 16;
    private static final int NONCE = 12;

    /** The passphrase is wrong or the sealed bytes were changed. */
    static final class SealBroken extends Exception {
        SealBroken(String message) {
            super(message);
        }
    }

    private KeyVault() {
    }

    static byte[] seal(byte[] plain, char[] passphrase, SecureRandom random) {
        requireLength(passphrase);
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[NONCE];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, passphrase, salt, nonce);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + SALT + NONCE + sealed.length).put(MAGIC).put(salt).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the key material: " + e.getMessage(), e);
        }
    }

    static byte[] open(byte[] sealed, char[] passphrase) throws SealBroken {
        if (sealed.length < MAGIC.length + SALT + NONCE + 16 || !Arrays.equals(MAGIC, Arrays.copyOf(sealed, MAGIC.length))) {
            throw new SealBroken("the key material is not a Cagekeeper key vault");
        }
        byte[] salt = Arrays.copyOfRange(sealed, MAGIC.length, MAGIC.length + SALT);
        byte[] nonce = Arrays.copyOfRange(sealed, MAGIC.length + SALT, MAGIC.length + SALT + NONCE);
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, passphrase, salt, nonce);
            return c.doFinal(sealed, MAGIC.length + SALT + NONCE, sealed.length - MAGIC.length - SALT - NONCE);
        } catch (AEADBadTagException e) {
            throw new SealBroken("wrong passphrase, or the key material was changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the key material: " + e.getMessage(), e);
        }
    }

    static void requireLength(char[] passphrase) {
        if (passphrase.length < MIN_PASSPHRASE) {
            throw new IllegalArgumentException("the passphrase must have at least " + MIN_PASSPHRASE + " characters");
        }
    }

    private static Cipher cipher(int mode, char[] passphrase, byte[] salt, byte[] nonce) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, ITERATIONS, 256);
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        spec.clearPassword();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        Arrays.fill(key, (byte) 0);
        c.updateAAD(MAGIC);
        return c;
    }
}
