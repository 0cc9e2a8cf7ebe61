package io.cagekeeper.policy.pin;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
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
}
