package io.cagekeeper.gateway.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An append-only file of lines, each append forced to disk before it returns; what a crash can leave
 * is at most a torn last line. It holds events and operator names, so the directory is created 0700
 * and the file 0600 (created so, not changed afterwards); and since a new or renamed file only
 * survives a crash once its directory entry does, the directory is fsync'd after either. Blocking and
 * synchronized: call it from one worker thread.
 */
final class LineFile {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final Path file;
    private FileChannel channel;

    LineFile(Path dir, String name) {
        try {
            this.dir = ownerOnlyDirectory(dir);
            this.file = dir.resolve(name);
            this.channel = open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            endTornLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A crash mid-append leaves a last line without its newline; ending it here keeps the next append
     * from being glued onto it (the torn line then reads as one unreadable line, and is quarantined).
     */
    private void endTornLine() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        try (FileChannel r = FileChannel.open(file, StandardOpenOption.READ)) {
            r.read(last, size - 1);
        }
        if (last.get(0) != '\n') {
            append(List.of(new byte[0]));
        }
    }

    /** Creates the directory (and missing parents) 0700; one left 0755 by an older version is narrowed to 0700. */
    static Path ownerOnlyDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return Files.createDirectories(dir);
        }
        if (Files.isDirectory(dir)) {
            if (!Files.getPosixFilePermissions(dir).equals(DIR)) {
                Files.setPosixFilePermissions(dir, DIR);
            }
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
        if (parent != null) {
            forceDirectory(parent);
        }
        return dir;
    }

    /** Opens (creating 0600) and, when the file is new, makes its directory entry durable. */
    private FileChannel open(Path f, OpenOption... options) throws IOException {
        boolean existed = Files.exists(f);
        FileChannel c = POSIX ? FileChannel.open(f, Set.of(options), attribute()) : FileChannel.open(f, options);
        if (existed && POSIX && !Files.getPosixFilePermissions(f).equals(FILE)) {
            Files.setPosixFilePermissions(f, FILE);
        }
        if (!existed) {
            forceDirectory(dir);
        }
        return c;
    }

    private static FileAttribute<?>[] attribute() {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)};
    }

    private static void forceDirectory(Path d) throws IOException {
        try (FileChannel c = FileChannel.open(d, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            if (POSIX) {
                throw e;
            }
        }
    }

    /** Appends the lines (each without its newline) and forces them to disk, with one fsync for all. */
    synchronized void append(List<byte[]> lines) throws IOException {
        int size = 0;
        for (byte[] l : lines) {
            size += l.length + 1;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (byte[] l : lines) {
            b.put(l).put((byte) '\n');
        }
        b.flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    /** The complete lines, the length that covers them, and the size of a torn last line (0 if none). */
    record Lines(List<byte[]> lines, long length, int torn) {
    }

    synchronized Lines read() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        return new Lines(lines, start, bytes.length - start);
    }

    /**
     * Removes the first {@code length} bytes, keeping anything appended since: the rest is written to
     * a new file that atomically replaces the old one.
     */
    synchronized void dropThrough(long length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel out = open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(bytes, (int) length, bytes.length - (int) length));
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
        channel = open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    synchronized boolean isEmpty() throws IOException {
        return Files.size(file) == 0;
    }

    synchronized void close() throws IOException {
        channel.close();
    }
}
