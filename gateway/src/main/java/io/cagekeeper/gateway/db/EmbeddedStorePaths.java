package io.cagekeeper.gateway.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where the embedded PostgreSQL keeps its data and its passwords, and whether it is running, without the
 * embedded PostgreSQL itself on the class path: the server installation's tools ({@code backup},
 * {@code restore}) name these files for a store the demo's installation runs.
 */
public final class EmbeddedStorePaths {

    private EmbeddedStorePaths() {
    }

    /** {@code <dataDir>-secrets/}: the generated passwords of the embedded database's roles (0700, files 0600). */
    public static Path secretsDir(Path dataDir) {
        Path abs = dataDir.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + "-secrets");
    }

    /**
     * The process id of a PostgreSQL server running on {@code dataDir}: the first line of its
     * {@code postmaster.pid} naming a live process. Empty when the store is stopped, including after a crash
     * that left a stale {@code postmaster.pid} behind (PostgreSQL recovers such a store at its next start).
     */
    public static OptionalLong runningServer(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        if (lines.isEmpty() || !lines.get(0).strip().matches("[0-9]{1,10}")) {
            return OptionalLong.empty();
        }
        long pid = Long.parseLong(lines.get(0).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
    }
}
