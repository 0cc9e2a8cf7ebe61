package io.cagekeeper.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's reader keys, in the layout the gateway reads ({@code <readerId>.key}, base64 of 32 bytes,
 * as {@code pki reader-key} writes them): created once with a strong random key, directory 0700 and
 * files 0600 from the start, and reused on the next run so that the simulated readers and the gateway agree.
 */
final class ReaderKeyFiles {

    private ReaderKeyFiles() {
    }

    static Map<String, byte[]> provision(Path dir, List<String> readerIds) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            SecureRandom random = new SecureRandom();
            Map<String, byte[]> keys = new LinkedHashMap<>();
            for (String id : readerIds) {
                Path f = dir.resolve(id + ".key");
                if (!Files.exists(f)) {
                    byte[] k = new byte[32];
                    random.nextBytes(k);
                    Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(f, Base64.getEncoder().encodeToString(k), StandardCharsets.US_ASCII);
                }
                keys.put(id, Base64.getDecoder().decode(Files.readString(f, StandardCharsets.US_ASCII).trim()));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot provision the demo's reader keys in " + dir, e);
        }
    }
}
