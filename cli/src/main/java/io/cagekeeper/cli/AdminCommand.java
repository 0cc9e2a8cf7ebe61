package io.cagekeeper.cli;

import picocli.CommandLine.Command;

/**
 * {@code cagekeeper admin ...}: administration done on the server itself. Its {@code reset} is
 * {@link io.cagekeeper.gateway.auth.AdminReset}, added by {@link Cagekeeper#commandLine()} under that name.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Administration on the server itself (admin reset: a lost administrator password).")
final class AdminCommand extends CommandGroup {
}
