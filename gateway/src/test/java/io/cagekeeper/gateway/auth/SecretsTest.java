package io.cagekeeper.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bearer secrets: long, random, URL-safe, and stored only as their SHA-256. */
class SecretsTest {

    @Test
    void aNewTokenIs256RandomBitsInUrlSafeBase64() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Secrets.newToken();
            assertThat(t).hasSize(43).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(t)).isTrue();
        }
    }

    @Test
    void aOneTimePasswordHas20CharactersWithoutLookAlikesAndIsAcceptedAsAPassword() {
        for (int i = 0; i < 200; i++) {
            String p = Secrets.newPassword();
            assertThat(p).hasSize(20).doesNotContainPattern("[0O1lIo]");
            assertThat(Passwords.weakness(p)).isNull();
        }
    }

    @Test
    void theDigestIsLowerCaseHexSha256() {
        assertThat(Secrets.digest("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Secrets.digest("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void matchesComparesAPresentedSecretWithAStoredDigestAndNothingElse() {
        String token = Secrets.newToken();
        String stored = Secrets.digest(token);
        assertThat(Secrets.matches(token, stored)).isTrue();
        assertThat(Secrets.matches(token + "x", stored)).isFalse();
        assertThat(Secrets.matches(stored, stored)).as("the digest itself is not the secret").isFalse();
        assertThat(Secrets.matches(null, stored)).isFalse();
        assertThat(Secrets.matches(token, null)).isFalse();
        assertThat(Secrets.matches("", Secrets.digest(""))).isTrue();
    }
}
