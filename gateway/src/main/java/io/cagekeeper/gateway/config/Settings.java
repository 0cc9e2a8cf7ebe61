package io.cagekeeper.gateway.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Raw key/value settings with typed, validating accessors. Every accessor names the key in its
 * error so that a bad value stops start-up with a message the operator can act on.
 */
final class Settings {

    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    String string(String key, String def) {
        String v = values.get(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    String required(String key) {
        String v = string(key, null);
        if (v == null) {
            throw new ConfigException("setting '" + key + "' is required");
        }
        return v;
    }

    int integer(String key, int def, int min, int max) {
        String v = string(key, null);
        if (v == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("setting '" + key + "' must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException("setting '" + key + "' must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    boolean bool(String key, boolean def) {
        String v = string(key, null);
        if (v == null) {
            return def;
        }
        return switch (v.toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("setting '" + key + "' must be true or false, got '" + v + "'");
        };
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
        String v = string(key, null);
        if (v == null) {
            return def;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting '" + key + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase().replace('_', '-') + ", got '" + v + "'");
        }
    }

    /** The distinct names directly under {@code prefix} (e.g. door ids under {@code door.}). */
    Set<String> children(String prefix) {
        Set<String> names = new TreeSet<>();
        for (String k : values.keySet()) {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                String rest = k.substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return names;
    }

    Set<String> keys() {
        return values.keySet();
    }
}
