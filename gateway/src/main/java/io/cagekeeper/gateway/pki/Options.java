package io.cagekeeper.gateway.pki;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code --name value} options of one subcommand. Unknown, repeated or value-less options are
 * refused so that a typo cannot silently issue a certificate with a default name.
 */
final class Options {

    /** Reader ids and sites as reader-mqtt.md defines them; also keeps ACL patterns and file names safe. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String command;
    private final Map<String, String> values = new HashMap<>();

    Options(String command, String[] args, int from, Set<String> allowed) {
        this.command = command;
        for (int i = from; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || !allowed.contains(name.substring(2))) {
                throw new UsageException(command + ": unknown option '" + name + "' (allowed: --" + String.join(", --", allowed) + ")");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(command + ": option " + name + " needs a value");
            }
            if (values.put(name.substring(2), args[i + 1]) != null) {
                throw new UsageException(command + ": option " + name + " given twice");
            }
        }
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(command + ": option --" + name + " is required");
        }
        return v;
    }

    String optional(String name, String def) {
        return values.getOrDefault(name, def);
    }

    Path dir() {
        return Path.of(required("dir"));
    }

    /** A value that becomes a certificate CN, an ACL user name and a file name. */
    String id(String name, String value) {
        if (!ID.matcher(value).matches()) {
            throw new UsageException(command + ": --" + name + " must match [A-Za-z0-9_-]{1,64}, got '" + value + "'");
        }
        return value;
    }

    int port(String name) {
        String v = required(name);
        try {
            int p = Integer.parseInt(v);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": --" + name + " must be a port number 1-65535, got '" + v + "'");
    }
}
