package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeyVaultTest {

    private static final char[] PASSPHRASE = "correct horse battery".toCharArray();
    private final byte[] keys = "the site's log-signing key".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedKeysOpenWithThePassphraseAndDoNotShowThePlainText() throws Exception {
        byte[] sealed = KeyVault.seal(keys, PASSPHRASE, new SecureRandom());
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("log-signing");
        assertThat(KeyVault.open(sealed, PASSPHRASE)).isEqualTo(keys);
    }

    @Test
    void aWrongPassphraseOrAChangedByteIsRefused() {
        byte[] sealed = KeyVault.seal(keys, PASSPHRASE, new SecureRandom());
        assertThatThrownBy(() -> KeyVault.open(sealed, "correct horse battery!".toCharArray()))
                .isInstanceOf(KeyVault.SealBroken.class).hasMessageContaining("wrong passphrase");
        byte[] changed = sealed.clone();
        changed[changed.length - 20] ^= 1;
        assertThatThrownBy(() -> KeyVault.open(changed, PASSPHRASE)).isInstanceOf(KeyVault.SealBroken.class);
        assertThatThrownBy(() -> KeyVault.open("not a vault at all, not at all".getBytes(StandardCharsets.UTF_8), PASSPHRASE))
                .isInstanceOf(KeyVault.SealBroken.class).hasMessageContaining("not a Cagekeeper key vault");
    }

    @Test
    void eachSealHasItsOwnSaltAndNonce() {
        SecureRandom random = new SecureRandom();
        assertThat(KeyVault.seal(keys, PASSPHRASE, random)).isNotEqualTo(KeyVault.seal(keys, PASSPHRASE, random));
    }

    @Test
    void aShortPassphraseIsRefused() {
        assertThatThrownBy(() -> KeyVault.seal(keys, "short".toCharArray(), new SecureRandom()))
                .hasMessageContaining("at least 12 characters");
    }
}
