package io.cagekeeper.cli;

import io.cagekeeper.gateway.db.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What this build is: its version and git commit (written into {@code version.properties} at build
 * time; "unknown" when built outside a git checkout) and the schema version it migrates databases to.
 */
record BuildInfo(String version, String commit, String schema) {

    static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")), "V" + Migrations.newestOnClassPath());
    }

    /** A value Maven did not fill in (an unresolved ${...}) is unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    String[] lines() {
        return new String[] {"cagekeeper " + version, "commit " + commit, "schema " + schema};
    }

    /** {@code cagekeeper --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return current().lines();
        }
    }
}
