package io.cagekeeper.cli;

import io.cagekeeper.gateway.GatewayMain;
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
 * {@code cagekeeper backup}: one checksummed file holding the database and the site's key material
 * sealed with a passphrase ({@link KeyVault}); {@code cagekeeper restore} brings both back into an empty
 * database. An external database is copied by pg_dump (custom format: one consistent snapshot, taken
 * while the gateway runs if need be); the embedded store (the demo's) as its data directory's files,
 * while it is stopped ({@link EmbeddedStoreArchive}), its role passwords sealed with the keys. Events the
 * gateway holds in its local journal (database unreachable) are not yet in the database, so not in the backup.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Writes a backup of the configured database and the site's key material, the keys encrypted",
                "with a passphrase (AES-256-GCM, PBKDF2). An external database: pg_dump on the PATH, the gateway may run.",
                "The embedded database: its files, with the gateway stopped."})
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
        boolean embedded = cfg.database().mode() == GatewayConfig.DbMode.EMBEDDED;
        PgEndpoint owner = embedded ? null : OwnerDatabase.externalOwner(cfg.database());
        if (Files.exists(out)) {
            throw new IOException(out + " exists: refusing to overwrite it");
        }
        char[] passphrase = passphrase(passphraseFile);
        Path work = Files.createTempDirectory("cagekeeper-backup");
        try {
            Path dump;
            String copied;
            if (embedded) {
                dump = work.resolve(BackupArchive.STORE);
                EmbeddedStoreArchive.write(cfg.database().dataDir(), dump);
                copied = "the embedded store " + cfg.database().dataDir().toAbsolutePath();
            } else {
                dump = work.resolve(BackupArchive.DATABASE);
                PgTools.run("pg_dump", owner, List.of("--format=custom", "--no-owner", "--no-privileges", "-f", dump.toString(),
                        owner.database()));
                copied = "database " + owner;
            }
            byte[] keys = SiteKeys.pack(cfg);
            Properties info = new Properties();
            BuildInfo build = BuildInfo.current();
            info.setProperty("created", Instant.now().toString());
            info.setProperty("cagekeeper", build.version());
            info.setProperty("schema", build.schema());
            info.setProperty("site", cfg.mqtt().site());
            info.setProperty("keyFiles", Integer.toString(SiteKeys.unpack(keys).size()));
            BackupArchive.write(out, embedded ? BackupArchive.KIND_EMBEDDED : BackupArchive.KIND_PG_DUMP, dump,
                    KeyVault.seal(keys, passphrase, new SecureRandom()), info);
            spec.commandLine().getOut().printf("backup written: %s (%s, %d bytes; %s key files, sealed)%n", out, copied,
                    Files.size(out), info.getProperty("keyFiles"));
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            Arrays.fill(passphrase, '\0');
            deleteTree(work);
        }
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
