package io.cagekeeper.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

    @Test
    void createsTheFile0600InADirectory0700AndReusesItsSecret(@TempDir Path dir) throws Exception {
        SecretFile f = new SecretFile(dir.resolve("secrets/deeper/one.password"));
        String first = f.readOrCreate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path().getParent()))).isEqualTo("rwx------");
        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(new SecretFile(f.path()).readOrCreate()).isEqualTo(first);
    }

    @Test
    void generatesADifferentSecretEachTimeAndNeverPrintsIt(@TempDir Path dir) {
        SecretFile f = new SecretFile(dir.resolve("x.password"));
        String secret = f.readOrCreate();
        assertThat(SecretFile.generate()).isNotEqualTo(SecretFile.generate());
        assertThat(f.toString()).doesNotContain(secret);
    }
}
