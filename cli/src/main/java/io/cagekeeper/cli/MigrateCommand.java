package io.cagekeeper.cli;

import io.cagekeeper.gateway.GatewayMain;
import io.cagekeeper.gateway.db.Migrations;
import io.cagekeeper.gateway.db.OwnerDatabase;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code cagekeeper migrate}: the schema migrations the gateway would run at start, on their own
 * (before an upgrade's first start, or to see the version). A schema newer than this build is refused
 * as the gateway refuses it.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Migrates the configured database to this build's schema and prints the schema version.",
                "Connects as db.migrationUser when set (else db.user). Refuses a schema newer than this build (exit 1)."})
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ConfigArgument config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var cfg = GatewayMain.load(config.file);
        try (OwnerDatabase db = OwnerDatabase.open(cfg.database())) {
            String version = Migrations.migrate(db.endpoint());
            spec.commandLine().getOut().println("database " + db.endpoint() + " at schema V" + version);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
