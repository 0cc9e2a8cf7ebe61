package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.ConfigLoader;
import io.cagekeeper.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteKeysTest {

    @TempDir
    Path dir;

    private GatewayConfig site(Path root, boolean readers) throws IOException {
        Files.createDirectories(root.resolve("keys/readers"));
        Map<String, String> cfg = new java.util.HashMap<>(Map.of("tlog.key", root.resolve("tlog/log-signing.key").toString()));
        if (readers) {
            cfg.put("readers.keysDir", root.resolve("keys/readers").toString());
        }
        return ConfigLoader.fromMap(cfg, Map.of());
    }

    /** A site that has run: its log-signing key pair, and a reader key when it has a keys directory. */
    private GatewayConfig siteThatRan(Path root, boolean readers, String logKey) throws IOException {
        GatewayConfig cfg = site(root, readers);
        Files.createDirectories(root.resolve("tlog"));
        Files.writeString(root.resolve("tlog/log-signing.key"), logKey);
        Files.writeString(root.resolve("tlog/log-signing.key.pub"), "public");
        if (readers) {
            Files.writeString(root.resolve("keys/readers/r1-in.key"), "hmac");
        }
        return cfg;
    }

    private static Map<Path, byte[]> restored(GatewayConfig from, GatewayConfig to) throws IOException {
        return SiteKeys.targets(SiteKeys.unpack(SiteKeys.pack(from)), to);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void theKeysOfOneSiteGoWhereTheOtherSitesConfigurationSaysPrivateOnes0600() throws Exception {
        GatewayConfig from = siteThatRan(dir.resolve("a"), true, "private");
        Path b = dir.resolve("b");
        GatewayConfig to = site(b, true);
        SiteKeys.write(restored(from, to));

        assertThat(Files.readString(b.resolve("tlog/log-signing.key"))).isEqualTo("private");
        assertThat(Files.readString(b.resolve("tlog/log-signing.key.pub"))).isEqualTo("public");
        assertThat(Files.readString(b.resolve("keys/readers/r1-in.key"))).isEqualTo("hmac");
        assertThat(mode(b.resolve("tlog/log-signing.key"))).isEqualTo("rw-------");
        assertThat(mode(b.resolve("keys/readers/r1-in.key"))).isEqualTo("rw-------");
        assertThat(mode(b.resolve("tlog/log-signing.key.pub"))).isEqualTo("rw-r--r--");
        // the same content again is no conflict
        SiteKeys.write(restored(from, to));
    }

    @Test
    void aDifferentFileInTheWayIsNeverOverwritten() throws Exception {
        GatewayConfig from = siteThatRan(dir.resolve("a"), false, "old site's key");
        Path b = dir.resolve("b");
        GatewayConfig to = site(b, false);
        Files.createDirectories(b.resolve("tlog"));
        Files.writeString(b.resolve("tlog/log-signing.key"), "a new key made by a first start");
        assertThatThrownBy(() -> restored(from, to)).hasMessageContaining("exists with other content");
        assertThat(Files.readString(b.resolve("tlog/log-signing.key"))).isEqualTo("a new key made by a first start");
    }

    @Test
    void readerKeysNeedAPlaceInTheRestoringConfiguration() throws Exception {
        GatewayConfig from = siteThatRan(dir.resolve("a"), true, "k");
        GatewayConfig to = site(dir.resolve("b"), false);
        assertThatThrownBy(() -> restored(from, to)).isInstanceOf(ConfigException.class).hasMessageContaining("readers.keysDir");
    }

    @Test
    void aSiteWithoutItsLogKeyCannotBeBackedUp() throws Exception {
        GatewayConfig never = site(dir.resolve("never-started"), false);
        assertThatThrownBy(() -> SiteKeys.pack(never)).hasMessageContaining("tlog.key").hasMessageContaining("missing");
    }
}
