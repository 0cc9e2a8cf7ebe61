package io.cagekeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The backup file: a zip of {@code manifest.properties} (format, when, which build and schema, which kind
 * of database copy, and the SHA-256 of every other entry), the database — {@code database.dump}
 * (pg_dump's custom format, an external database) or {@code store.zip} (the embedded store's data
 * directory, copied while stopped: {@link EmbeddedStoreArchive}) — and {@code keys.sealed}
 * ({@link KeyVault}). Every entry is checked against the manifest before anything is restored.
 */
final class BackupArchive {

    static final String FORMAT = "cagekeeper-backup-1";
    static final String MANIFEST = "manifest.properties";
    static final String DATABASE = "database.dump";
    static final String STORE = "store.zip";
    /** The manifest's {@code database}: how the database was copied, and so which entry holds it. */
    static final String KIND_PG_DUMP = "pg_dump";
    static final String KIND_EMBEDDED = "embedded-files";
    static final String KEYS = "keys.sealed";

    private BackupArchive() {
    }

    /** Writes the archive; {@code info} goes into the manifest beside the format, the kind of copy and the checksums. */
    static void write(Path out, String kind, Path dump, byte[] sealedKeys, Properties info) throws IOException {
        String entry = entryOf(kind);
        Properties manifest = new Properties();
        manifest.putAll(info);
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("database", kind);
        manifest.setProperty("sha256." + entry, sha256(dump));
        manifest.setProperty("sha256." + KEYS, HexFormat.of().formatHex(digest().digest(sealedKeys)));
        StringWriter text = new StringWriter();
        manifest.store(text, "Cagekeeper backup");
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            entry(zip, MANIFEST, text.toString().getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(entry));
            Files.copy(dump, zip);
            zip.closeEntry();
            entry(zip, KEYS, sealedKeys);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** An archive read and checked: its manifest, the database copy (of {@code kind}) extracted to a file, the sealed keys. */
    record Checked(Properties manifest, String kind, Path dump, byte[] sealedKeys) {
    }

    private static String entryOf(String kind) {
        return switch (kind) {
            case KIND_PG_DUMP -> DATABASE;
            case KIND_EMBEDDED -> STORE;
            default -> throw new IllegalArgumentException("unknown kind of database copy " + kind);
        };
    }

    /** Reads {@code archive}, extracting the dump into {@code workDir}; throws {@link IOException} naming the first entry that does not match the manifest. */
    static Checked read(Path archive, Path workDir) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Properties manifest = new Properties();
            manifest.load(new StringReader(new String(bytes(zip, MANIFEST), StandardCharsets.UTF_8)));
            if (!FORMAT.equals(manifest.getProperty("format"))) {
                throw new IOException(archive + " is not a Cagekeeper backup (" + FORMAT + ")");
            }
            // backups written before the embedded store was covered have no "database": all of them are pg_dump's
            String kind = manifest.getProperty("database", KIND_PG_DUMP);
            if (!kind.equals(KIND_PG_DUMP) && !kind.equals(KIND_EMBEDDED)) {
                throw new IOException(archive + " holds a database copy of a kind this version does not know: " + kind);
            }
            String entry = entryOf(kind);
            Path dump = workDir.resolve(entry);
            try (InputStream in = zip.getInputStream(need(zip, entry)); OutputStream out = Files.newOutputStream(dump)) {
                in.transferTo(out);
            }
            check(manifest, entry, sha256(dump));
            byte[] keys = bytes(zip, KEYS);
            check(manifest, KEYS, HexFormat.of().formatHex(digest().digest(keys)));
            return new Checked(manifest, kind, dump, keys);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(archive + " is damaged: " + e.getMessage(), e);
        }
    }

    private static void check(Properties manifest, String entry, String actual) throws IOException {
        if (!actual.equals(manifest.getProperty("sha256." + entry))) {
            throw new IOException("the backup is damaged: " + entry + " does not match its checksum in the manifest");
        }
    }

    private static ZipEntry need(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException("the backup has no " + name);
        }
        return e;
    }

    private static byte[] bytes(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(need(zip, name))) {
            return in.readAllBytes();
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
