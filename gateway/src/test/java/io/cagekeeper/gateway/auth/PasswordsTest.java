package io.cagekeeper.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an operator's password must be; the reason given never quotes the password. */
class PasswordsTest {

    @Test
    void acceptsTwelveOrMoreVariedCharacters() {
        assertThat(Passwords.weakness("correct horse")).isNull();
        assertThat(Passwords.weakness("abcdefghijkl")).isNull();
        assertThat(Passwords.weakness("パスワードは十分に長いです")).isNull();
        assertThat(Passwords.weakness("x".repeat(251) + "abcde")).isNull();
    }

    @Test
    void refusesShortMissingOrOverlongPasswords() {
        assertThat(Passwords.weakness(null)).contains("at least 12");
        assertThat(Passwords.weakness("")).contains("at least 12");
        assertThat(Passwords.weakness("abcdefghijk")).contains("at least 12");
        assertThat(Passwords.weakness("abcde" + "x".repeat(252))).contains("at most 256");
    }

    @Test
    void refusesControlCharactersAndAFewCharactersRepeated() {
        assertThat(Passwords.weakness("abcdefghijk\u0000")).contains("control characters");
        assertThat(Passwords.weakness("abcdefghij\nk")).contains("control characters");
        assertThat(Passwords.weakness("aaaaaaaaaaaaaaaa")).contains("repeat");
        assertThat(Passwords.weakness("abababababababab")).contains("repeat");
        assertThat(Passwords.weakness("abcdabcdabcdabcd")).contains("repeat");
    }

    @Test
    void theReasonNeverQuotesThePassword() {
        for (String p : new String[] {"short-pw", "aaaaaaaaaaaaaaaa", "abcdefghijk\u0007", "abcde" + "z".repeat(300)}) {
            assertThat(Passwords.weakness(p)).isNotNull().doesNotContain(p);
        }
    }

    @Test
    void aHashVerifiesItsPasswordOnlyAndCarriesItsArgon2idParameters() {
        String hash = Passwords.hashNow("correct horse battery");
        assertThat(hash).startsWith("$argon2id$").contains("m=").contains("t=").contains("p=").doesNotContain("correct horse");
        var hasher = new io.cagekeeper.policy.pin.PinHasher();
        assertThat(hasher.verify(hash, "correct horse battery")).isTrue();
        assertThat(hasher.verify(hash, "correct horse batterY")).isFalse();
        assertThat(Passwords.hashNow("correct horse battery")).as("salted").isNotEqualTo(hash);
    }
}
