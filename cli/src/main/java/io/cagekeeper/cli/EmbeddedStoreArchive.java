package io.cagekeeper.cli;

import io.cagekeeper.gateway.db.EmbeddedStorePaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The embedded PostgreSQL's data directory as one zip (every file and directory, empty ones included:
 * PostgreSQL will not start without {@code pg_notify/} and the like), taken while the store is stopped.
 * A stopped PostgreSQL data directory copied file by file is a consistent cold backup; a running one is
 * not, and there is no {@code pg_dump} beside the embedded server, hence "stop the gateway first". The
 * passwords of its roles ({@code <dataDir>-secrets/}) travel with the site's keys, sealed.
 */
final class EmbeddedStoreArchive {

    private EmbeddedStoreArchive() {
    }

    /** Writes {@code dataDir} into the zip {@code out}; refuses a running store, a missing one and links. */
    static void write(Path dataDir, Path out) throws IOException {
        if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
            throw new IOException(dataDir + " is not an embedded PostgreSQL data directory (no PG_VERSION): nothing to back up");
        }
        refuseRunning(dataDir, "back it up");
        List<Path> all;
        try (Stream<Path> files = Files.walk(dataDir)) {
            all = files.sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Path p : all) {
                if (p.equals(dataDir)) {
                    continue;
                }
                String name = dataDir.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    throw new IOException(p + " is a symbolic link: an embedded store with links elsewhere is not backed up");
                }
                if (name.equals("postmaster.pid")) {
                    continue; // a stale one from a crash: the restored store must not look running
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    zip.putNextEntry(new ZipEntry(name + "/"));
                    zip.closeEntry();
                } else {
                    zip.putNextEntry(new ZipEntry(name));
                    Files.copy(p, zip);
                    zip.closeEntry();
                }
            }
        }
        // started while it was being copied: the copy may be torn
        refuseRunning(dataDir, "back it up (it was started while it was being copied; nothing written)");
    }

    /**
     * Unpacks {@code zip} into {@code dataDir}, which must be absent or empty: directories 0700, files 0600.
     * Everything is written into a sibling directory first and renamed into place at the end, so a restore
     * that fails midway (an entry outside the data directory, a torn zip, a full disk) leaves {@code dataDir}
     * as it was, with nothing half-written for PostgreSQL to start from.
     */
    static void restore(Path zip, Path dataDir) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        requireEmpty(root);
        Files.createDirectories(root.getParent());
        Path staging = Files.createTempDirectory(root.getParent(), "." + root.getFileName() + ".restoring-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            unpack(zip, staging);
            Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces an empty dataDir
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }

    private static void unpack(Path zip, Path root) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("the backup names a file outside the data directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        in.transferTo(out);
                    }
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Refuses (naming the reason) a data directory a restore must not write into: one that holds anything. */
    static void requireEmpty(Path dataDir) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        if (!Files.isDirectory(dataDir)) {
            throw new IOException(dataDir + " is not a directory (db.dataDir)");
        }
        try (Stream<Path> any = Files.list(dataDir)) {
            if (any.findAny().isPresent()) {
                throw new IOException("the embedded data directory " + dataDir + " is not empty: restore into an empty db.dataDir");
            }
        }
    }

    private static void refuseRunning(Path dataDir, String what) throws IOException {
        OptionalLong pid = EmbeddedStorePaths.runningServer(dataDir);
        if (pid.isPresent()) {
            throw new IOException("the embedded database in " + dataDir + " is running (process " + pid.getAsLong()
                    + "): stop the gateway, then " + what);
        }
    }
}
