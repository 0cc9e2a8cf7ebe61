package io.cagekeeper.cli;

import io.cagekeeper.gateway.GatewayMain;
import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.OwnerDatabase;
import io.cagekeeper.gateway.db.PgEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cagekeeper backup}: one checksummed file holding the database (pg_dump's custom format: one
 * consistent snapshot, taken while the gateway runs if need be) and the site's key material sealed with
 * a passphrase ({@link KeyVault}); {@code cagekeeper restore} brings both back into an empty database.
 * Events the gateway holds in its local journal (database unreachable) are not yet in the database,
 * so not in the backup.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Writes a backup of the configured (external) database and the site's key material,",
                "the keys encrypted with a passphrase (AES-256-GCM, PBKDF2). Needs pg_dump on the PATH."})
final class BackupCommand implements Callable<Integer> {

    @Mixin
    ConfigArgument config;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "the backup file to write (must not exist)")
    Path out;

    @Option(names = "--passphrase-file", required = true, paramLabel = "FILE",
            description = "a file holding the passphrase (at least 12 characters; never on the command line)")
    Path passphraseFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = GatewayMain.load(config.file);
        PgEndpoint owner = externalOwner(cfg);
        if (Files.exists(out)) {
            throw new IOException(out + " exists: refusing to overwrite it");
        }
        char[] passphrase = passphrase(passphraseFile);
        Path work = Files.createTempDirectory("cagekeeper-backup");
        try {
            Path dump = work.resolve(BackupArchive.DATABASE);
            PgTools.run("pg_dump", owner, List.of("--format=custom", "--no-owner", "--no-privileges", "-f", dump.toString(),
                    owner.database()));
            byte[] keys = SiteKeys.pack(cfg);
            Properties info = new Properties();
            BuildInfo build = BuildInfo.current();
            info.setProperty("created", Instant.now().toString());
            info.setProperty("cagekeeper", build.version());
            info.setProperty("schema", build.schema());
            info.setProperty("site", cfg.mqtt().site());
            info.setProperty("keyFiles", Integer.toString(SiteKeys.unpack(keys).size()));
            BackupArchive.write(out, dump, KeyVault.seal(keys, passphrase, new SecureRandom()), info);
            spec.commandLine().getOut().printf("backup written: %s (database %s, %d bytes; %s key files, sealed)%n", out, owner,
                    Files.size(out), info.getProperty("keyFiles"));
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            Arrays.fill(passphrase, '\0');
            deleteTree(work);
        }
    }

    /** The schema owner of an external database: this command does not back up the embedded one. */
    static PgEndpoint externalOwner(GatewayConfig cfg) {
        if (cfg.database().mode() != GatewayConfig.DbMode.EXTERNAL) {
            throw new ConfigException("backup and restore need db.mode=external (the embedded database is not covered)");
        }
        return OwnerDatabase.externalOwner(cfg.database());
    }

    static char[] passphrase(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        char[] passphrase = text.strip().toCharArray();
        KeyVault.requireLength(passphrase);
        return passphrase;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
