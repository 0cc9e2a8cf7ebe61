package io.cagekeeper.gateway.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, fsync'd file of events that could not be stored in PostgreSQL. Each append is
 * forced to disk before it returns, so an event acknowledged on the strength of the journal survives
 * a crash. A torn last line (a crash mid-write) is skipped on reading. Blocking and synchronized:
 * call it from one worker thread.
 */
public final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path file;
    private FileChannel channel;

    public Journal(Path dir) {
        try {
            Files.createDirectories(dir);
            this.file = dir.resolve("events.journal");
            this.channel = open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Appends and forces the event to disk. */
    public synchronized void append(GatewayEvent e) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((EventCodec.encode(e) + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    /** What the journal holds now, and the file length that covers it. */
    public record Contents(List<GatewayEvent> events, long length) {
    }

    public synchronized Contents read() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<GatewayEvent> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                try {
                    events.add(EventCodec.decode(line));
                } catch (RuntimeException ex) {
                    LOG.error("journal line at byte {} is unreadable and was skipped: {}", start, ex.getMessage());
                }
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            LOG.warn("journal ends with a torn line of {} bytes (a crash while writing); it is ignored", bytes.length - start);
        }
        return new Contents(events, start);
    }

    /**
     * Removes the first {@code length} bytes (events now stored in the database), keeping anything
     * appended since. The rest is written to a new file that atomically replaces the old one.
     */
    public synchronized void dropThrough(long length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Path tmp = file.resolveSibling("events.journal.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(bytes, (int) length, bytes.length - (int) length));
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = open();
    }

    public synchronized boolean isEmpty() throws IOException {
        return Files.size(file) == 0;
    }

    public synchronized void close() throws IOException {
        channel.close();
    }
}
