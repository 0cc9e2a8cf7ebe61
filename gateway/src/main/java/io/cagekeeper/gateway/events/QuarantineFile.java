package io.cagekeeper.gateway.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal side of the quarantine: entries that could not be written to the quarantine table
 * because PostgreSQL went away after refusing them, and journal lines that are not events. Kept
 * fsync'd next to the journal (a {@link LineFile}) and moved to the table once PostgreSQL answers.
 * Blocking: call it from the journal's worker thread.
 */
final class QuarantineFile {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineFile.class);

    private final LineFile file;

    QuarantineFile(Path dir) {
        this.file = new LineFile(dir, "quarantine.journal");
    }

    void append(List<QuarantineEntry> entries) throws IOException {
        List<byte[]> lines = new ArrayList<>(entries.size());
        for (QuarantineEntry e : entries) {
            lines.add(e.encode().getBytes(StandardCharsets.UTF_8));
        }
        file.append(lines);
    }

    record Contents(List<QuarantineEntry> entries, long length) {
    }

    /** The entries; a line that does not decode (it never should: this class wrote it) is kept as an unreadable entry. */
    Contents read() throws IOException {
        LineFile.Lines all = file.read();
        List<QuarantineEntry> entries = new ArrayList<>();
        for (byte[] line : all.lines()) {
            try {
                entries.add(QuarantineEntry.decode(new String(line, StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                LOG.error("a quarantine file line of {} bytes does not decode ({}); kept as unreadable", line.length, e.getMessage());
                entries.add(QuarantineEntry.unreadable(line, java.time.Instant.now()));
            }
        }
        return new Contents(entries, all.length());
    }

    void dropThrough(long length) throws IOException {
        file.dropThrough(length);
    }

    int count() throws IOException {
        return file.read().lines().size();
    }

    void close() throws IOException {
        file.close();
    }
}
