package io.cagekeeper.gateway.modbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the gateway last heard from a module, kept in a small file so that it outlives the gateway.
 *
 * <p>Why: a watchdog trip or a power cycle that happened while the gateway was down is found as a
 * status flag at the next connect, and the record must say which window it covers: from the last
 * contact (of this or an earlier gateway run) to now. Written at most once a second from the module's
 * poll thread (never the event loop); a lost write only widens the window. Not synced: a power loss of
 * the gateway host may lose the last second, which again only widens the window.
 */
final class ContactLog {

    private static final Logger LOG = LoggerFactory.getLogger(ContactLog.class);
    private static final Duration EVERY = Duration.ofSeconds(1);

    private final Path file;
    private Instant written = Instant.EPOCH;

    /** @param file null keeps the last contact in memory only */
    ContactLog(Path file) {
        this.file = file;
    }

    /** The last contact recorded by any gateway run, or null when none is known. Blocking. */
    Instant read() {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | DateTimeParseException e) {
            LOG.warn("last contact in {} unreadable: {}", file, e.getMessage());
            return null;
        }
    }

    /** Records a contact at {@code at}, at most once a second unless {@code now}. Blocking. */
    void contact(Instant at, boolean now) {
        if (file == null || !now && Duration.between(written, at).compareTo(EVERY) < 0) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            if (!Files.exists(tmp)) {
                // the journal directory's files are its owner's only (0600), this one too
                Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(tmp, at.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written = at;
        } catch (IOException e) {
            LOG.warn("cannot record the last contact in {}: {}", file, e.getMessage());
        }
    }
}
