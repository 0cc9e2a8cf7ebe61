package io.cagekeeper.policy.pin;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id PIN hashing (BouncyCastle), in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (unpadded Base64).
 *
 * <p>Why slow and salted: a PIN has only 10^4–10^6 values, so a fast hash of it is reversed by
 * enumeration in microseconds; Argon2id with a per-credential salt makes each guess cost the memory
 * and time below, and identical PINs hash differently. Verification reads its parameters from the
 * stored string, so raising the cost later does not invalidate existing hashes. Hashing needs
 * randomness for the salt, which the caller passes in (the engine itself stays deterministic);
 * verification is deterministic. Neither the PIN nor the hash is ever logged.
 */
public final class PinHasher implements PinVerifier {

    /**
     * OWASP's Argon2id minimum (19 MiB, 2 iterations, 1 lane): ~50 ms per check measured on the 2-core
     * EPYC VM. It runs inside {@code decide} at card+PIN doors, so a site's decisions wait for it there.
     */
    public static final int DEFAULT_MEMORY_KIB = 19_456;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    /** Hashes with the defaults above. */
    public PinHasher() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    /** Hashes with these costs (tests use small ones; production should keep the defaults or more). */
    public PinHasher(int memoryKiB, int iterations, int parallelism) {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("invalid Argon2 cost parameters");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** Hashes a PIN with a fresh 16-byte salt drawn from {@code random}. */
    public String hash(String pin, SecureRandom random) {
        Objects.requireNonNull(pin, "pin");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(pin, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * True when {@code pin} hashes to {@code encodedHash}. False, never an exception, for a null PIN or
     * a malformed hash: a damaged stored hash must fail closed.
     */
    @Override
    public boolean verify(String encodedHash, String pin) {
        if (encodedHash == null || pin == null) {
            return false;
        }
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]; -1 keeps a trailing empty part, so "…$hash$" is refused
        String[] parts = encodedHash.split("\\$", -1);
        if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[3].split(",")) {
                int eq = kv.indexOf('=');
                int v = Integer.parseInt(kv.substring(eq + 1));
                switch (kv.substring(0, eq)) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (m < 8 || t < 1 || p < 1 || expected.length < 16 || m > 4 * 1024 * 1024) {
                return false;
            }
            byte[] actual = derive(pin, salt, m, t, p, expected.length);
            return org.bouncycastle.util.Arrays.constantTimeAreEqual(expected, actual);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private static byte[] derive(String pin, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] password = pin.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(password, out);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return out;
    }

    @Override
    public String toString() {
        return "PinHasher[argon2id m=" + memoryKiB + " t=" + iterations + " p=" + parallelism + "]";
    }
}
