package io.cagekeeper.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads {@link GatewayConfig} from one properties file plus environment overrides. An environment
 * variable {@code CAGEKEEPER_HTTP_PORT} overrides {@code http.port}: the key upper-cased with every
 * non-alphanumeric character turned into {@code _}. Unknown keys are refused, so that a typo cannot
 * silently leave a default (say, an unlocked door) in force.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "CAGEKEEPER_";

    private static final Set<String> GLOBAL_KEYS = Set.of(
            "http.host", "http.port", "http.tls.cert", "http.tls.key", "http.allowedHosts", "http.sessionIdleMinutes",
            "http.sessionMaxHours", "http.loginFailuresPerAddressAndLogin", "http.loginFailuresPerAddress", "http.loginWindowMinutes", "http.maxInFlight",
            "db.mode", "db.dataDir", "db.host", "db.port", "db.database", "db.user", "db.password", "db.poolSize", "db.apiPoolSize",
            "db.migrationUser", "db.migrationPassword",
            "mqtt.mode", "mqtt.embeddedHost", "mqtt.embeddedPort", "mqtt.embeddedAllowAnonymous", "mqtt.uri", "mqtt.prefix", "mqtt.site",
            "mqtt.clientId", "mqtt.username", "mqtt.password", "mqtt.tls.ca", "mqtt.tls.cert", "mqtt.tls.key",
            "journal.dir", "clock.skewToleranceMs", "metrics.host", "metrics.port", "metrics.token", "tlog.origin", "tlog.key", "tlog.dir",
            "tlog.tsaUrl", "tlog.tsaCert", "tlog.tsaTimeoutMs",
            "reconciliation.nightlyAt", "reconciliation.catchUpDelaySeconds", "reconciliation.settings", "reconciliation.pdfSignerCert", "reconciliation.pdfSignerKey",
            "readers.keysDir", "readers.ratePerSecond", "readers.burst", "readers.rejectThreshold", "readers.rejectWindowSeconds",
            "readers.silentAfterSeconds", "readers.unsigned", "readers.freshnessMs", "readers.maxSeqJump");
    private static final Set<String> MODULE_KEYS = Set.of("host", "port", "unitId", "pollMs", "timeoutMs", "watchdogMs");
    private static final Set<String> DOOR_KEYS = Set.of("module", "lockRelay", "lockType", "releaseMs", "positionInput",
            "rexInput", "tamperInput", "fireInput", "heldOpenSeconds");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ConfigLoader() {
    }

    /**
     * The names of every top-level setting (not the per-module {@code module.<id>.*} and per-door
     * {@code door.<id>.*} ones): what {@code cagekeeper init}'s example file must document.
     */
    public static Set<String> settingNames() {
        return GLOBAL_KEYS;
    }

    /** The per-module setting names ({@code module.<id>.<name>}). */
    public static Set<String> moduleSettingNames() {
        return MODULE_KEYS;
    }

    /** The per-door setting names ({@code door.<id>.<name>}). */
    public static Set<String> doorSettingNames() {
        return DOOR_KEYS;
    }

    /** Reads the file (if given) and applies overrides from {@code env}. */
    public static GatewayConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        }
        return fromMap(values, env);
    }

    /** Builds a config from explicit values plus environment overrides (used by tests and the demo). */
    public static GatewayConfig fromMap(Map<String, String> fileValues, Map<String, String> env) {
        Map<String, String> values = new HashMap<>(fileValues);
        for (String key : values.keySet()) {
            checkKnown(key);
        }
        Map<String, String> envKeys = new HashMap<>();
        for (String key : GLOBAL_KEYS) {
            envKeys.put(envName(key), key);
        }
        for (String key : values.keySet()) {
            envKeys.put(envName(key), key);
        }
        for (var e : env.entrySet()) {
            String key = envKeys.get(e.getKey());
            if (key != null) {
                values.put(key, e.getValue());
            }
        }
        return build(new Settings(values));
    }

    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    private static void checkKnown(String key) {
        if (GLOBAL_KEYS.contains(key)) {
            return;
        }
        String[] parts = key.split("\\.", 3);
        if (parts.length == 3 && parts[0].equals("module") && MODULE_KEYS.contains(parts[2])
                || parts.length == 3 && parts[0].equals("door") && DOOR_KEYS.contains(parts[2])) {
            if (!ID.matcher(parts[1]).matches()) {
                throw new ConfigException("setting '" + key + "': '" + parts[1] + "' is not a valid id ([A-Za-z0-9_-]{1,64})");
            }
            return;
        }
        throw new ConfigException("unknown setting '" + key + "'");
    }

    private static GatewayConfig build(Settings s) {
        String tlsCert = s.string("http.tls.cert", null);
        String tlsKey = s.string("http.tls.key", null);
        var http = new GatewayConfig.Http(s.string("http.host", "127.0.0.1"), s.integer("http.port", 8080, 0, 65535),
                tlsCert == null ? null : Path.of(tlsCert), tlsKey == null ? null : Path.of(tlsKey),
                names(s.string("http.allowedHosts", "")),
                Duration.ofMinutes(s.integer("http.sessionIdleMinutes", 30, 1, 24 * 60)),
                Duration.ofHours(s.integer("http.sessionMaxHours", 12, 1, 24 * 7)),
                s.integer("http.loginFailuresPerAddressAndLogin", 5, 1, 1000),
                s.integer("http.loginFailuresPerAddress", 30, 1, 100_000),
                Duration.ofMinutes(s.integer("http.loginWindowMinutes", 15, 1, 24 * 60)),
                s.integer("http.maxInFlight", 128, 1, 100_000));
        var dbMode = s.enumValue("db.mode", GatewayConfig.DbMode.class, GatewayConfig.DbMode.EMBEDDED);
        var db = new GatewayConfig.Database(dbMode, Path.of(s.string("db.dataDir", "data/postgres")),
                s.string("db.host", "127.0.0.1"), s.integer("db.port", 5432, 1, 65535),
                s.string("db.database", "cagekeeper"), s.string("db.user", "cagekeeper"),
                s.string("db.password", ""), s.integer("db.poolSize", 4, 1, 64), s.integer("db.apiPoolSize", 4, 1, 64),
                s.string("db.migrationUser", null),
                s.string("db.migrationPassword", ""));
        var mqttMode = s.enumValue("mqtt.mode", GatewayConfig.BrokerMode.class, GatewayConfig.BrokerMode.EMBEDDED);
        String uri = s.string("mqtt.uri", "tcp://127.0.0.1:1883");
        if (!uri.startsWith("tcp://") && !uri.startsWith("ssl://")) {
            throw new ConfigException("setting 'mqtt.uri' must start with tcp:// or ssl://, got '" + uri + "'");
        }
        String site = s.string("mqtt.site", "dc1");
        String prefix = s.string("mqtt.prefix", "cage");
        for (var e : Map.of("mqtt.site", site, "mqtt.prefix", prefix).entrySet()) {
            if (!ID.matcher(e.getValue()).matches()) {
                throw new ConfigException("setting '" + e.getKey() + "' must match [A-Za-z0-9_-]{1,64}, got '" + e.getValue() + "'");
            }
        }
        List<Path> tls = tlsFiles(s, mqttMode == GatewayConfig.BrokerMode.EXTERNAL && uri.startsWith("ssl://"));
        var mqtt = new GatewayConfig.Mqtt(mqttMode, s.string("mqtt.embeddedHost", "127.0.0.1"),
                s.integer("mqtt.embeddedPort", 0, 0, 65535), uri, prefix, site,
                s.string("mqtt.clientId", "cagekeeper-gateway-" + site), s.string("mqtt.username", null),
                s.string("mqtt.password", null), tls.get(0), tls.get(1), tls.get(2), s.bool("mqtt.embeddedAllowAnonymous", false));
        List<GatewayConfig.Module> modules = new ArrayList<>();
        for (String id : s.children("module.")) {
            String k = "module." + id + ".";
            modules.add(new GatewayConfig.Module(id, s.required(k + "host"), s.integer(k + "port", 502, 1, 65535),
                    s.integer(k + "unitId", 1, 1, 247), Duration.ofMillis(s.integer(k + "pollMs", 100, 10, 10_000)),
                    Duration.ofMillis(s.integer(k + "timeoutMs", 500, 50, 10_000)),
                    Duration.ofMillis(s.integer(k + "watchdogMs", 2000, 0, 60_000))));
        }
        List<GatewayConfig.DoorHardware> doors = new ArrayList<>();
        for (String id : s.children("door.")) {
            String k = "door." + id + ".";
            int lock = s.integer(k + "lockRelay", -2, 0, 7);
            if (lock == -2) {
                throw new ConfigException("setting '" + k + "lockRelay' is required");
            }
            doors.add(new GatewayConfig.DoorHardware(id, s.required(k + "module"), lock,
                    s.enumValue(k + "lockType", GatewayConfig.LockType.class, GatewayConfig.LockType.FAIL_SECURE),
                    Duration.ofMillis(s.integer(k + "releaseMs", 5000, 100, 60_000)),
                    s.integer(k + "positionInput", -1, -1, 7), s.integer(k + "rexInput", -1, -1, 7),
                    s.integer(k + "tamperInput", -1, -1, 7), s.integer(k + "fireInput", -1, -1, 7),
                    Duration.ofSeconds(s.integer(k + "heldOpenSeconds", 30, 1, 3600))));
        }
        checkChannels(doors);
        String keysDir = s.string("readers.keysDir", null);
        if (keysDir != null && !java.nio.file.Files.isDirectory(Path.of(keysDir))) {
            throw new ConfigException("setting 'readers.keysDir' must be a directory, got '" + keysDir + "'");
        }
        var readers = new GatewayConfig.Readers(keysDir == null ? null : Path.of(keysDir),
                s.integer("readers.ratePerSecond", 20, 1, 10_000), s.integer("readers.burst", 40, 1, 100_000),
                s.integer("readers.rejectThreshold", 10, 1, 1_000_000),
                Duration.ofSeconds(s.integer("readers.rejectWindowSeconds", 60, 1, 86_400)),
                Duration.ofSeconds(s.integer("readers.silentAfterSeconds", 90, 5, 86_400)),
                unsignedReaders(s.string("readers.unsigned", "")),
                Duration.ofMillis(s.integer("readers.freshnessMs", 10_000, 1_000, 300_000)),
                s.integer("readers.maxSeqJump", 1_000, 1, 1_000_000_000));
        Path journal = Path.of(s.string("journal.dir", "data/journal"));
        var monitoring = new GatewayConfig.Monitoring(s.string("metrics.host", "127.0.0.1"), s.integer("metrics.port", 0, 0, 65535),
                s.string("metrics.token", null));
        return new GatewayConfig(http, db, mqtt, readers, journal,
                Duration.ofMillis(s.integer("clock.skewToleranceMs", 30_000, 1, 3_600_000)), modules, doors, evidence(s, site, journal),
                monitoring, reconciliation(s, site));
    }

    /** Nightly at 02:30 site time unless {@code reconciliation.nightlyAt=off}; the thresholds file is checked now, not at 02:30. */
    private static GatewayConfig.Reconciliation reconciliation(Settings s, String site) {
        String at = s.string("reconciliation.nightlyAt", "02:30");
        java.time.LocalTime nightly = null;
        if (!at.equalsIgnoreCase("off")) {
            try {
                nightly = java.time.LocalTime.parse(at);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigException("setting 'reconciliation.nightlyAt' must be a time of day (HH:mm) or off, got '" + at + "'");
            }
        }
        String file = s.string("reconciliation.settings", null);
        Path settings = file == null ? null : Path.of(file);
        if (settings != null) {
            try {
                io.cagekeeper.reconciliation.exceptions.Settings.load(settings);
            } catch (RuntimeException e) {
                throw new ConfigException("setting 'reconciliation.settings': " + e.getMessage());
            }
        }
        String cert = s.string("reconciliation.pdfSignerCert", null);
        String key = s.string("reconciliation.pdfSignerKey", null);
        Duration catchUp = Duration.ofSeconds(s.integer("reconciliation.catchUpDelaySeconds", 600, 0, 86_400));
        return new GatewayConfig.Reconciliation(site, settings, nightly, catchUp, cert == null ? null : Path.of(cert),
                key == null ? null : Path.of(key));
    }

    /** The verifiable log's settings: origin {@code cagekeeper/<site>}, files in {@code tlog} beside the journal by default. */
    private static GatewayConfig.Evidence evidence(Settings s, String site, Path journal) {
        Path sibling = journal.toAbsolutePath().normalize().resolveSibling("tlog");
        Path dir = Path.of(s.string("tlog.dir", sibling.toString()));
        return new GatewayConfig.Evidence(s.string("tlog.origin", "cagekeeper/" + site),
                Path.of(s.string("tlog.key", dir.resolve("log-signing.key").toString())), dir, tsa(s));
    }

    /** The time-stamping authority: {@code tlog.tsaUrl} (http or https) and {@code tlog.tsaCert} (a time-stamping certificate) together, or neither. */
    private static GatewayConfig.Tsa tsa(Settings s) {
        String url = s.string("tlog.tsaUrl", null);
        String cert = s.string("tlog.tsaCert", null);
        Duration timeout = Duration.ofMillis(s.integer("tlog.tsaTimeoutMs", 5_000, 100, 60_000));
        if (url == null && cert == null) {
            return null;
        }
        if (url == null || cert == null) {
            throw new ConfigException("settings 'tlog.tsaUrl' and 'tlog.tsaCert' go together");
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("setting 'tlog.tsaUrl': not a URL: " + url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException("setting 'tlog.tsaUrl' must be an http:// or https:// URL, got '" + url + "'");
        }
        try {
            return new GatewayConfig.Tsa(uri, Path.of(cert), io.cagekeeper.evidence.TimestampCheck.tsaCertificate(Path.of(cert)), timeout);
        } catch (java.io.IOException e) {
            throw new ConfigException("setting 'tlog.tsaCert': cannot read " + cert);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting 'tlog.tsaCert': " + e.getMessage());
        }
    }

    /** The host names in {@code http.allowedHosts}: comma-separated DNS names or addresses, each checked. */
    private static java.util.Set<String> names(String value) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String part : value.split(",")) {
            String n = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            if (n.startsWith("[") && n.endsWith("]")) {
                n = n.substring(1, n.length() - 1); // an IPv6 address is compared without its brackets
            }
            if (!n.matches("[a-z0-9.:\\[\\]-]{1,253}")) {
                throw new ConfigException("setting 'http.allowedHosts' must list host names separated by commas, got '" + part.trim() + "'");
            }
            names.add(n);
        }
        return names;
    }

    /** The readers named in {@code readers.unsigned}: comma-separated reader ids, each checked. */
    private static java.util.Set<String> unsignedReaders(String value) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String part : value.split(",")) {
            String id = part.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!ID.matcher(id).matches()) {
                throw new ConfigException("setting 'readers.unsigned' must list reader ids separated by commas, got '" + id + "'");
            }
            ids.add(id);
        }
        return ids;
    }

    /**
     * The MQTT TLS files: all three or none, each a readable file, and required for an ssl:// broker
     * (the gateway never falls back to a trust store it was not given). Null entries when unset.
     */
    private static List<Path> tlsFiles(Settings s, boolean required) {
        List<String> keys = List.of("mqtt.tls.ca", "mqtt.tls.cert", "mqtt.tls.key");
        List<Path> files = new ArrayList<>();
        for (String key : keys) {
            String v = s.string(key, null);
            if (v != null && !(Files.isRegularFile(Path.of(v)) && Files.isReadable(Path.of(v)))) {
                throw new ConfigException("setting '" + key + "': " + v + " is not a readable file");
            }
            files.add(v == null ? null : Path.of(v));
        }
        long set = files.stream().filter(java.util.Objects::nonNull).count();
        if (set != 0 && set != keys.size()) {
            throw new ConfigException("settings 'mqtt.tls.ca', 'mqtt.tls.cert' and 'mqtt.tls.key' go together: set all three or none");
        }
        if (required && set == 0) {
            throw new ConfigException("setting 'mqtt.uri' is ssl://: set 'mqtt.tls.ca', 'mqtt.tls.cert' and 'mqtt.tls.key'");
        }
        return files;
    }

    /** Two doors driving the same relay, or one input read as two things, is a wiring error. */
    private static void checkChannels(List<GatewayConfig.DoorHardware> doors) {
        Map<String, String> outputs = new HashMap<>();
        Map<String, String> inputs = new HashMap<>();
        for (var d : doors) {
            claim(outputs, d.moduleId() + "/DO" + d.lockRelay(), "door." + d.doorId() + ".lockRelay");
            int[] ins = {d.positionInput(), d.rexInput(), d.tamperInput()};
            String[] names = {"positionInput", "rexInput", "tamperInput"};
            for (int i = 0; i < ins.length; i++) {
                if (ins[i] >= 0) {
                    claim(inputs, d.moduleId() + "/DI" + ins[i], "door." + d.doorId() + "." + names[i]);
                }
            }
        }
    }

    private static void claim(Map<String, String> used, String channel, String key) {
        String other = used.putIfAbsent(channel, key);
        if (other != null) {
            throw new ConfigException("setting '" + key + "' uses " + channel + ", already used by '" + other + "'");
        }
    }
}
