package io.cagekeeper.cli;

import io.cagekeeper.gateway.GatewayMain;
import io.cagekeeper.gateway.config.GatewayConfig;
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
 * emptiness), so a refused restore has written nothing.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores a backup into the configured (external, empty) database and writes its key files",
                "where the configuration says. Needs pg_restore on the PATH. Then start the gateway."})
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
        PgEndpoint owner = BackupCommand.externalOwner(cfg);
        char[] passphrase = BackupCommand.passphrase(passphraseFile);
        Path work = Files.createTempDirectory("cagekeeper-restore");
        try {
            BackupArchive.Checked backup = BackupArchive.read(archive, work);
            Map<String, byte[]> keys = SiteKeys.unpack(KeyVault.open(backup.sealedKeys(), passphrase));
            Map<Path, byte[]> targets = SiteKeys.targets(keys, cfg);
            long tables = tables(owner);
            if (tables > 0) {
                throw new IOException("database " + owner + " already holds " + tables + " table(s): restore into an empty database");
            }
            PgTools.run("pg_restore", owner, List.of("--no-owner", "--no-privileges", "--exit-on-error", "-d", owner.database(),
                    backup.dump().toString()));
            SiteKeys.write(targets);
            var m = backup.manifest();
            spec.commandLine().getOut().printf("restored the backup of site %s taken %s (schema %s) into %s, and %d key file(s);"
                    + " start the gateway%n", m.getProperty("site"), m.getProperty("created"), m.getProperty("schema"), owner, targets.size());
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
