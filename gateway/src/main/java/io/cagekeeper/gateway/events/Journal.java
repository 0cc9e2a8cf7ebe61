package io.cagekeeper.gateway.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, fsync'd file of events that could not be stored in PostgreSQL (a {@link LineFile}:
 * 0600 in a 0700 directory). Each append is forced to disk before it returns, so an event acknowledged
 * on the strength of the journal survives a crash. A torn last line (a crash mid-write) is left for
 * the next read. A line that cannot be decoded is handed back as it is, for the quarantine, not
 * dropped. Blocking and synchronized: call it from one worker thread.
 */
public final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final LineFile file;
    private final QuarantineFile quarantine;

    public Journal(Path dir) {
        this.file = new LineFile(dir, "events.journal");
        this.quarantine = new QuarantineFile(dir);
    }

    /** The journal side of the quarantine, in the same directory. */
    QuarantineFile quarantineFile() {
        return quarantine;
    }

    /** Appends and forces the event to disk. */
    public void append(GatewayEvent e) throws IOException {
        file.append(List.of(EventCodec.encode(e).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Appends the events and forces them to disk with one fsync. Answers those that could not be
     * encoded (a detail value that is not JSON) and were not appended: one such event must not fail
     * the others sharing its fsync.
     */
    public List<GatewayEvent> appendAll(List<GatewayEvent> events) throws IOException {
        List<byte[]> lines = new ArrayList<>(events.size());
        List<GatewayEvent> unencodable = new ArrayList<>();
        for (GatewayEvent e : events) {
            try {
                lines.add(EventCodec.encode(e).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException x) {
                unencodable.add(e);
            }
        }
        file.append(lines);
        return unencodable;
    }

    /** What the journal holds now: the events, the lines that are not events, and the file length that covers them. */
    public record Contents(List<GatewayEvent> events, List<byte[]> unreadable, long length) {

        /** Events and unreadable lines: everything {@code dropThrough(length())} removes. */
        public int lines() {
            return events.size() + unreadable.size();
        }
    }

    public Contents read() throws IOException {
        LineFile.Lines all = file.read();
        List<GatewayEvent> events = new ArrayList<>();
        List<byte[]> unreadable = new ArrayList<>();
        for (byte[] line : all.lines()) {
            try {
                events.add(EventCodec.decode(new String(line, StandardCharsets.UTF_8)));
            } catch (RuntimeException ex) {
                LOG.error("a journal line of {} bytes is not an event ({}); it goes to the quarantine", line.length, ex.getMessage());
                unreadable.add(line);
            }
        }
        if (all.torn() > 0) {
            LOG.warn("journal ends with a torn line of {} bytes (a crash while writing); it is ignored", all.torn());
        }
        return new Contents(events, unreadable, all.length());
    }

    /**
     * Removes the first {@code length} bytes (events now stored in the database), keeping anything
     * appended since. The rest is written to a new file that atomically replaces the old one.
     */
    public void dropThrough(long length) throws IOException {
        file.dropThrough(length);
    }

    public boolean isEmpty() throws IOException {
        return file.isEmpty();
    }

    public void close() throws IOException {
        try {
            file.close();
        } finally {
            quarantine.close();
        }
    }
}
