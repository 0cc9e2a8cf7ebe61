package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.NoteKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The site's log-signing key on disk, as {@code pki log-key} writes it: {@code <file>} holds the signer
 * key (0600, {@code PRIVATE+KEY+<name>+<id>+<base64>}), {@code <file>.pub} the verifier key an auditor
 * is given. The key's name is the log's origin.
 */
public final class LogKey {

    private LogKey() {
    }

    /** The verifier key's file beside {@code keyFile}. */
    public static Path publicFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
    }

    /** Reads the key pair; fails with a message naming the file (never the key). */
    public static NoteKey load(Path keyFile) {
        try {
            return NoteKey.signer(Files.readString(keyFile, StandardCharsets.UTF_8),
                    Files.readString(publicFile(keyFile), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the log-signing key " + keyFile + " (and its .pub): " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the log-signing key " + keyFile + " is not usable: " + e.getMessage());
        }
    }

    /** Writes a new key pair named {@code name}; refuses to replace an existing key (checkpoints depend on it). */
    public static NoteKey create(Path keyFile, String name) {
        if (Files.exists(keyFile) || Files.exists(publicFile(keyFile))) {
            throw new IllegalStateException(keyFile + " already exists; refusing to replace a log-signing key");
        }
        NoteKey k = NoteKey.generate(name);
        try {
            Path dir = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, k.signerKey() + "\n", StandardCharsets.UTF_8);
            Files.writeString(publicFile(keyFile), k.verifierKey() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the log-signing key " + keyFile + ": " + e.getMessage());
        }
        return k;
    }

    /** Loads the key, creating it on a site's first start when it does not exist. */
    public static NoteKey loadOrCreate(Path keyFile, String name) {
        return Files.exists(keyFile) ? load(keyFile) : create(keyFile, name);
    }
}
