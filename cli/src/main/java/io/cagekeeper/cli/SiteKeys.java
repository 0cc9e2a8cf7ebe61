package io.cagekeeper.cli;

import io.cagekeeper.gateway.config.ConfigException;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.EmbeddedStorePaths;
import io.cagekeeper.gateway.tlog.LogKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A site's key material, by the setting that names each file: the verifiable log's signing key and
 * its public half ({@code tlog.key}; the journal's MAC key derives from it, and without it the restored
 * log could not be continued under the same key), the readers' HMAC keys ({@code readers.keysDir}),
 * the TLS files of the API and the broker connection, and, for the embedded database, the generated
 * passwords of its roles ({@code <db.dataDir>-secrets/}: the restored store's roles have those passwords).
 * Stored by name, not by path, so a restore puts each where the restoring site's configuration says.
 */
final class SiteKeys {

    private static final String READERS = "readers/";
    private static final String DB_SECRETS = "db.secrets/";

    private SiteKeys() {
    }

    /** Where each named key file lives under {@code cfg} (only the settings that are set). */
    static Map<String, Path> locations(GatewayConfig cfg) {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("tlog.key", cfg.evidence().keyFile());
        files.put("tlog.key.pub", LogKey.publicFile(cfg.evidence().keyFile()));
        putIfSet(files, "http.tls.cert", cfg.http().tlsCert());
        putIfSet(files, "http.tls.key", cfg.http().tlsKey());
        putIfSet(files, "mqtt.tls.ca", cfg.mqtt().tlsCa());
        putIfSet(files, "mqtt.tls.cert", cfg.mqtt().tlsCert());
        putIfSet(files, "mqtt.tls.key", cfg.mqtt().tlsKey());
        Path readers = cfg.readers().keysDir();
        if (readers != null) {
            listInto(files, READERS, readers);
        }
        if (cfg.database().mode() == GatewayConfig.DbMode.EMBEDDED) {
            Path secrets = EmbeddedStorePaths.secretsDir(cfg.database().dataDir());
            if (Files.isDirectory(secrets)) {
                listInto(files, DB_SECRETS, secrets);
            }
        }
        return files;
    }

    private static void listInto(Map<String, Path> files, String prefix, Path dir) {
        try (Stream<Path> keys = Files.list(dir)) {
            keys.filter(Files::isRegularFile).sorted().forEach(k -> files.put(prefix + k.getFileName(), k));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIfSet(Map<String, Path> files, String name, Path path) {
        if (path != null) {
            files.put(name, path);
        }
    }

    /** The key files of {@code cfg} as one zip; the log-signing key must exist (a site that never started has none). */
    static byte[] pack(GatewayConfig cfg) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : locations(cfg).entrySet()) {
                if (!Files.isRegularFile(e.getValue())) {
                    throw new IOException("key file " + e.getValue() + " (" + e.getKey() + ") is missing");
                }
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(Files.readAllBytes(e.getValue()));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> unpack(byte[] packed) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(packed))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                files.put(e.getName(), zip.readAllBytes());
            }
        }
        return files;
    }

    /**
     * Where each file of a backup goes under the restoring site's {@code cfg}: refuses (naming the
     * setting) a file the configuration has no place for, and one that exists there with other content.
     */
    static Map<Path, byte[]> targets(Map<String, byte[]> files, GatewayConfig cfg) throws IOException {
        Map<String, Path> places = locations(cfg);
        Map<Path, byte[]> targets = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            String name = f.getKey();
            Path target;
            if (name.startsWith(READERS)) {
                if (cfg.readers().keysDir() == null) {
                    throw new ConfigException("the backup holds reader keys: set 'readers.keysDir' to an (empty) directory");
                }
                String file = name.substring(READERS.length());
                if (file.isEmpty() || file.contains("/") || file.startsWith(".")) {
                    throw new IOException("the backup names a reader key file '" + file + "'");
                }
                target = cfg.readers().keysDir().resolve(file);
            } else if (name.startsWith(DB_SECRETS)) {
                if (cfg.database().mode() != GatewayConfig.DbMode.EMBEDDED) {
                    throw new ConfigException("the backup holds the embedded database's passwords: restore it with db.mode=embedded");
                }
                String file = name.substring(DB_SECRETS.length());
                if (file.isEmpty() || file.contains("/") || file.startsWith(".")) {
                    throw new IOException("the backup names a database secret file '" + file + "'");
                }
                target = EmbeddedStorePaths.secretsDir(cfg.database().dataDir()).resolve(file);
            } else {
                target = places.get(name);
                if (target == null) {
                    throw new ConfigException("the backup holds " + name + ": set '" + name + "' in the configuration");
                }
            }
            if (Files.exists(target) && !Arrays.equals(Files.readAllBytes(target), f.getValue())) {
                throw new IOException(target + " exists with other content: refusing to overwrite it (" + name + ")");
            }
            targets.put(target, f.getValue());
        }
        return targets;
    }

    /** Writes the files, private ones 0600 (all but public keys and certificates), directories 0700 where created. */
    static void write(Map<Path, byte[]> targets) throws IOException {
        for (var t : targets.entrySet()) {
            Path dir = t.getKey().toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (Files.exists(t.getKey())) {
                continue; // the same content, checked by targets()
            }
            String name = t.getKey().getFileName().toString();
            boolean shared = name.endsWith(".pub") || name.endsWith(".crt");
            Files.write(t.getKey(), t.getValue());
            Files.setPosixFilePermissions(t.getKey(), PosixFilePermissions.fromString(shared ? "rw-r--r--" : "rw-------"));
        }
    }
}
