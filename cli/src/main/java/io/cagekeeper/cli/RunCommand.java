package io.cagekeeper.cli;

import io.cagekeeper.gateway.GatewayMain;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.EmbeddedSupport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code cagekeeper run}: the gateway ({@link GatewayMain}), until SIGTERM. {@code --check} loads and
 * validates the configuration exactly as a start would, and stops there: what an operator runs after
 * editing the file and before restarting the service.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the gateway from a configuration file until it is stopped (SIGTERM, Ctrl-C).",
                "CAGEKEEPER_* environment variables override the file (docs/configuration.md)."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigArgument config;

    @Option(names = "--check", description = "validate the configuration and exit (0: valid, 2: the message names the bad setting)")
    boolean check;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "log lines as ${COMPLETION-CANDIDATES} (json: one JSON object a line; default ${DEFAULT-VALUE})")
    LogFormat logFormat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig cfg = GatewayMain.load(config.file);
        if (cfg.database().mode() == GatewayConfig.DbMode.EMBEDDED) {
            EmbeddedSupport.requireDatabase();
        }
        if (cfg.mqtt().mode() == GatewayConfig.BrokerMode.EMBEDDED) {
            EmbeddedSupport.requireBroker();
        }
        if (check) {
            spec.commandLine().getOut().printf("configuration OK: %s: database %s, broker %s, %d module(s), %d door(s)%n",
                    config.file != null ? config.file : "(defaults)", cfg.database().mode().name().toLowerCase(),
                    cfg.mqtt().mode().name().toLowerCase(), cfg.modules().size(), cfg.doors().size());
            spec.commandLine().getOut().flush();
            return 0;
        }
        logFormat.apply();
        GatewayMain.run(cfg);
        return 0;
    }
}
