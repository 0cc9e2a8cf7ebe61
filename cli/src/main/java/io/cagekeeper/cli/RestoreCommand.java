package io.cagekeeper.cli;

import io.cagekeeper.gateway.GatewayMain;
import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.OwnerDatabase;
import io.cagekeeper.gateway.db.PgEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cagekeeper restore}: a {@link BackupCommand backup} into the configured database, which must
 * be empty, and its key files to where the configuration names them (never over a different file).
 * Everything is checked first (the checksums, the passphrase, the places of the keys, the database's
 * emptiness, that the backup's kind of database is the configuration's), so a refused restore has
 * written nothing. A pg_dump goes into an external database through pg_restore; an embedded store's
 * files into an empty {@code db.dataDir}, its role passwords into its secrets directory.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores a backup into the configured, empty database (external: pg_restore on the PATH;",
                "embedded: an empty db.dataDir) and writes its key files where the configuration says. Then start the gateway."})
final class RestoreCommand implements Callable<Integer> {

    private static final String TABLES = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'";

    @Parameters(index = "0", paramLabel = "BACKUP", description = "the file cagekeeper backup wrote")
    Path archive;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CONFIG",
            description = "the gateway's configuration file (default: cagekeeper.properties in the working directory if present)")
    Path config;

    @Option(names = "--passphrase-file", required = true, paramLabel = "FILE", description = "a file holding the backup's passphrase")
    Path passphraseFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = GatewayMain.load(config);
        boolean embedded = cfg.database().mode() == GatewayConfig.DbMode.EMBEDDED;
        PgEndpoint owner = embedded ? null : OwnerDatabase.externalOwner(cfg.database());
        char[] passphrase = BackupCommand.passphrase(passphraseFile);
        Path work = Files.createTempDirectory("cagekeeper-restore");
        try {
            BackupArchive.Checked backup = BackupArchive.read(archive, work);
            boolean ofEmbedded = backup.kind().equals(BackupArchive.KIND_EMBEDDED);
            if (ofEmbedded != embedded) {
                throw new ConfigException(ofEmbedded
                        ? "the backup holds an embedded store's files: restore it with db.mode=embedded (an empty db.dataDir)"
                        : "the backup holds a pg_dump of an external database: restore it with db.mode=external");
            }
            Map<String, byte[]> keys = SiteKeys.unpack(KeyVault.open(backup.sealedKeys(), passphrase));
            Map<Path, byte[]> targets = SiteKeys.targets(keys, cfg);
            String into;
            if (embedded) {
                Path dataDir = cfg.database().dataDir();
                EmbeddedStoreArchive.requireEmpty(dataDir);
                EmbeddedStoreArchive.restore(backup.dump(), dataDir);
                into = "the embedded store " + dataDir.toAbsolutePath();
            } else {
                long tables = tables(owner);
                if (tables > 0) {
                    throw new IOException("database " + owner + " already holds " + tables + " table(s): restore into an empty database");
                }
                PgTools.run("pg_restore", owner, List.of("--no-owner", "--no-privileges", "--exit-on-error", "-d", owner.database(),
                        backup.dump().toString()));
                into = owner.toString();
            }
            SiteKeys.write(targets);
            var m = backup.manifest();
            spec.commandLine().getOut().printf("restored the backup of site %s taken %s (schema %s) into %s, and %d key file(s);"
                    + " start the gateway%n", m.getProperty("site"), m.getProperty("created"), m.getProperty("schema"), into, targets.size());
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            Arrays.fill(passphrase, '\0');
            BackupCommand.deleteTree(work);
        }
    }

    private static long tables(PgEndpoint db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TABLES)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
