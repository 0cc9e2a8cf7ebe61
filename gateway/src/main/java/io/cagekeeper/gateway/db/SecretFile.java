package io.cagekeeper.gateway.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A generated secret (a password) kept in one file readable by its owner only. The file is created
 * 0600 and its directory 0700 at creation, never chmod-ed afterwards, so there is no moment when
 * another local account could read it; an existing file is reused, so a restart keeps the password the
 * server already has. The secret is never printed: {@link #toString()} names the file only.
 */
public final class SecretFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;

    public SecretFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** 32 random bytes as URL-safe base64 (43 characters, no quoting needed anywhere). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The stored secret; fails naming the file (never its content) when it is missing or empty. */
    public String read() {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) {
                throw new IllegalStateException("secret file " + file + " is empty");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /** The stored secret, or a new one generated and stored (0600) when the file does not exist yet. */
    public String readOrCreate() {
        if (exists()) {
            return read();
        }
        String secret = generate();
        write(secret);
        return secret;
    }

    /** Stores {@code secret} in a new file, 0600 from its creation, in a directory created 0700. */
    public void write(String secret) {
        try {
            createPrivateDirectories(file.getParent());
            Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    secret + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("secret file " + file + " appeared while it was being created; start again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write secret file " + file, e);
        }
    }

    /** Creates {@code dir} (and missing parents) with mode 0700; an existing directory is left as it is. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile by another start: fine, it is checked by whoever made it
        }
    }

    @Override
    public String toString() {
        return "SecretFile[" + file + "]";
    }
}
