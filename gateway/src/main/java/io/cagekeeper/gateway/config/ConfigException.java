package io.cagekeeper.gateway.config;

/** A setting is missing or wrong; start-up stops with this message, which names the setting. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
