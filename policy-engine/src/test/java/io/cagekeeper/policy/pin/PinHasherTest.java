package io.cagekeeper.policy.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PinHasherTest {

    private final PinHasher cheap = new PinHasher(64, 1, 1);
    private final SecureRandom random = new SecureRandom();

    @Test
    void encodesInThePhcFormatWithItsParameters() {
        String h = cheap.hash("4711", random);
        assertThat(h).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(h).doesNotContain("4711");
    }

    @Test
    void verifiesTheRightPinAndRejectsAWrongOne() {
        String h = cheap.hash("4711", random);
        assertThat(cheap.verify(h, "4711")).isTrue();
        assertThat(cheap.verify(h, "4712")).isFalse();
        assertThat(cheap.verify(h, "")).isFalse();
        assertThat(cheap.verify(h, null)).isFalse();
    }

    @Test
    void saltsEveryHashSoEqualPinsHashDifferently() {
        assertThat(cheap.hash("4711", random)).isNotEqualTo(cheap.hash("4711", random));
    }

    @Test
    void verifiesWithTheParametersStoredInTheHashNotItsOwn() {
        String h = new PinHasher(128, 2, 1).hash("1234", random);
        assertThat(cheap.verify(h, "1234")).isTrue();
    }

    @Test
    void hashesDeterministicallyForAGivenSalt() {
        // Deterministic: the same salt (from a seeded source) gives the same hash.
        SecureRandom seeded1 = fixed();
        SecureRandom seeded2 = fixed();
        assertThat(cheap.hash("0000", seeded1)).isEqualTo(cheap.hash("0000", seeded2));
    }

    @Test
    void failsClosedOnMalformedHashes() {
        assertThat(cheap.verify("$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1")).isFalse();
        assertThat(cheap.verify("$argon2id$v=19$m=x,t=1,p=1$AA$AA", "1")).isFalse();
        assertThat(cheap.verify("plain-text-pin", "plain-text-pin")).isFalse();
        assertThat(cheap.verify(null, "1")).isFalse();
    }

    @Test
    void failsClosedOnAnotherVersionAnUnknownParameterOrImpossibleCosts() {
        String salt = "AAAAAAAAAAAAAAAAAAAAAA";
        String hash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(cheap.verify("$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + hash, "1")).isFalse();
        assertThat(cheap.verify("$argon2id$v=19$m=64,t=1,p=1,x=1$" + salt + "$" + hash, "1")).isFalse();
        assertThat(cheap.verify("$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash + "$", "1")).isFalse();
        assertThat(cheap.verify("$argon2id$v=19$m=7,t=1,p=1$" + salt + "$" + hash, "1")).isFalse();
        assertThat(cheap.verify("$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + hash, "1")).isFalse();
        assertThat(cheap.verify("$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + hash, "1")).isFalse();
    }

    @Test
    void refusesAStoredHashAskingForMoreThanFourGibibytesWithoutTryingIt() {
        // A damaged or planted hash must not make the gateway allocate 4 GiB per card read.
        String h = cheap.hash("4711", random).replace("m=64", "m=" + (4 * 1024 * 1024 + 1));
        assertThat(cheap.verify(h, "4711")).isFalse();
    }

    @Test
    void refusesATagShorterThanSixteenBytesEvenWhenItMatches() {
        byte[] salt = new byte[16];
        assertThat(cheap.verify(encoded(salt, argon2("4711", salt, 15)), "4711")).isFalse();
        assertThat(cheap.verify(encoded(salt, argon2("4711", salt, 16)), "4711")).isTrue();
    }

    @Test
    void refusesImpossibleCostParameters() {
        assertThat(new PinHasher(8, 1, 1)).hasToString("PinHasher[argon2id m=8 t=1 p=1]");
        assertThat(new PinHasher(16, 1, 2)).hasToString("PinHasher[argon2id m=16 t=1 p=2]");
        assertThatThrownBy(() -> new PinHasher(7, 1, 1)).hasMessage("invalid Argon2 cost parameters");
        assertThatThrownBy(() -> new PinHasher(15, 1, 2)).hasMessage("invalid Argon2 cost parameters");
        assertThatThrownBy(() -> new PinHasher(64, 0, 1)).hasMessage("invalid Argon2 cost parameters");
        assertThatThrownBy(() -> new PinHasher(64, 1, 0)).hasMessage("invalid Argon2 cost parameters");
    }

    private static byte[] argon2(String pin, byte[] salt, int length) {
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(64).withIterations(1).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[length];
        g.generateBytes(pin.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private static String encoded(byte[] salt, byte[] tag) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=64,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(tag);
    }

    @Test
    void neverPrintsAPinOrHash() {
        assertThat(cheap.toString()).isEqualTo("PinHasher[argon2id m=64 t=1 p=1]");
    }

    private static SecureRandom fixed() {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 7);
            }
        };
    }

    /**
     * Hashes made by the reference implementation of Argon2 (the PHC's, Debian's {@code argon2} command:
     * {@code echo -n 4711 | argon2 saltsaltsaltsalt -id -t 2 -k 64 -p 1 -l 32 -e}): a PIN enrolled by
     * another system's tooling verifies here, and ours verify there. The lowest costs the format allows
     * (m=8, t=1) and two lanes with a 24-byte tag are among them.
     */
    @Test
    void agreesWithTheReferenceImplementationOfArgon2id() {
        String m64 = "$argon2id$v=19$m=64,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$FmnFutJZ7VmxJU7Kc+WjSFM+PgMatEMhAmG2g6IyUcM";
        String m8 = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$+/jiAhKLbwJcnJqzQ3dZGP0q+A0nXCZzNJ9rlt3qQtw";
        String twoLanes = "$argon2id$v=19$m=96,t=3,p=2$MDEyMzQ1Njc4OWFiY2RlZg$jeAiJc3uTuUnomjwqu3fabmB8i8uBen4";
        assertThat(cheap.verify(m64, "4711")).isTrue();
        assertThat(cheap.verify(m64, "4710")).isFalse();
        assertThat(cheap.verify(m8, "4711")).as("the smallest memory the format allows").isTrue();
        assertThat(cheap.verify(m8, "47111")).isFalse();
        assertThat(cheap.verify(twoLanes, "0000")).isTrue();
        assertThat(cheap.verify(twoLanes, "0001")).isFalse();
        SecureRandom saltsalt = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy("saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, bytes.length);
            }
        };
        assertThat(new PinHasher(64, 2, 1).hash("4711", saltsalt)).isEqualTo(m64);
        assertThat(new PinHasher(8, 1, 1).hash("4711", saltsalt)).isEqualTo(m8);
    }

    /** A stored hash is checked as what it says it is: the right tag under another variant's or version's label is refused. */
    @Test
    void refusesTheRightTagUnderAnotherVariantOrVersionLabel() {
        String h = cheap.hash("4711", random);
        assertThat(cheap.verify(h, "4711")).isTrue();
        assertThat(cheap.verify(h.replace("$argon2id$", "$argon2i$"), "4711")).isFalse();
        assertThat(cheap.verify(h.replace("$argon2id$", "$argon2d$"), "4711")).isFalse();
        assertThat(cheap.verify(h.replace("$v=19$", "$v=16$"), "4711")).isFalse();
        assertThat(cheap.verify("x" + h, "4711")).as("text before the first $").isFalse();
        assertThat(cheap.verify(h + "$", "4711")).as("an empty part after the tag").isFalse();
        assertThat(cheap.verify(h + "$$", "4711")).isFalse();
    }
}
