package io.cagekeeper.gateway.db;

import io.cagekeeper.gateway.config.ConfigException;

/**
 * Whether this installation carries the embedded servers. The server distribution does not (its
 * {@code lib/} has neither zonky's PostgreSQL binaries nor Moquette; only the demo and the tests do),
 * so a configuration left on the embedded defaults must stop with one line saying what to set, not a
 * {@link NoClassDefFoundError} from deep inside the start-up.
 */
public final class EmbeddedSupport {

    static final String POSTGRES_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    static final String BROKER_CLASS = "io.moquette.broker.Server";

    private EmbeddedSupport() {
    }

    /** Throws {@link ConfigException} unless the embedded PostgreSQL is on the class path. */
    public static void requireDatabase() {
        if (!present(POSTGRES_CLASS)) {
            throw new ConfigException("no database configured: this installation has no embedded PostgreSQL (db.mode is embedded);"
                    + " set db.mode=external and db.host, db.port, db.database, db.user, db.password");
        }
    }

    /** Throws {@link ConfigException} unless the embedded MQTT broker is on the class path. */
    public static void requireBroker() {
        if (!present(BROKER_CLASS)) {
            throw new ConfigException("no MQTT broker configured: this installation has no embedded broker (mqtt.mode is embedded);"
                    + " set mqtt.mode=external and mqtt.uri");
        }
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, EmbeddedSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
