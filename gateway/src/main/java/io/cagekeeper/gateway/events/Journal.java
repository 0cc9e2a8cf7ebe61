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
 *
 * <p>Each line carries an HMAC-SHA256 of its event under a key derived from the site's key material
 * ({@code <base64 MAC> <event JSON>}): a line edited or added while the database was down (the journal
 * is the one copy of those events) fails it and is refused on replay, to the quarantine, which raises
 * the EVENT_QUARANTINED alarm. Deleting whole lines is not detected here (the verifiable log starts
 * only once an event is stored).
 */
public final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final LineFile file;
    private final QuarantineFile quarantine;
    private final byte[] macKey;

    /** @param macKey the key of the lines' MACs (32 bytes, {@code NoteKey.derive("cagekeeper journal mac v1")}) */
    public Journal(Path dir, byte[] macKey) {
        if (macKey == null || macKey.length < 16) {
            throw new IllegalArgumentException("a journal's MAC key has at least 16 bytes");
        }
        this.file = new LineFile(dir, "events.journal");
        this.quarantine = new QuarantineFile(dir);
        this.macKey = macKey.clone();
    }

    /** What {@code NoteKey.derive} is given for the journal's MAC key. */
    public static final String MAC_PURPOSE = "cagekeeper journal mac v1";

    /** The journal side of the quarantine, in the same directory. */
    QuarantineFile quarantineFile() {
        return quarantine;
    }

    /** Appends and forces the event to disk. */
    public void append(GatewayEvent e) throws IOException {
        file.append(List.of(line(EventCodec.encode(e))));
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
                lines.add(line(EventCodec.encode(e)));
            } catch (RuntimeException x) {
                unencodable.add(e);
            }
        }
        file.append(lines);
        return unencodable;
    }

    /**
     * What the journal holds now: the events, the lines that are not events, the lines whose MAC fails
     * (edited outside the gateway), and the file length that covers them.
     */
    public record Contents(List<GatewayEvent> events, List<byte[]> unreadable, List<byte[]> forged, long length) {

        /** Every line: everything {@code dropThrough(length())} removes. */
        public int lines() {
            return events.size() + unreadable.size() + forged.size();
        }
    }

    private byte[] line(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String mac = java.util.Base64.getEncoder().encodeToString(mac(body));
        byte[] out = new byte[mac.length() + 1 + body.length];
        System.arraycopy(mac.getBytes(StandardCharsets.US_ASCII), 0, out, 0, mac.length());
        out[mac.length()] = ' ';
        System.arraycopy(body, 0, out, mac.length() + 1, body.length);
        return out;
    }

    /** The event JSON of a line whose MAC holds, else null. */
    private byte[] opened(byte[] line) {
        int space = -1;
        for (int i = 0; i < line.length && i < 64; i++) {
            if (line[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space < 0) {
            return null;
        }
        byte[] body = java.util.Arrays.copyOfRange(line, space + 1, line.length);
        byte[] given;
        try {
            given = java.util.Base64.getDecoder().decode(java.util.Arrays.copyOf(line, space));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return java.security.MessageDigest.isEqual(given, mac(body)) ? body : null;
    }

    private byte[] mac(byte[] body) {
        try {
            javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
            m.init(new javax.crypto.spec.SecretKeySpec(macKey, "HmacSHA256"));
            return m.doFinal(body);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    public Contents read() throws IOException {
        LineFile.Lines all = file.read();
        List<GatewayEvent> events = new ArrayList<>();
        List<byte[]> unreadable = new ArrayList<>();
        List<byte[]> forged = new ArrayList<>();
        for (byte[] line : all.lines()) {
            byte[] body = opened(line);
            if (body == null) {
                LOG.error("a journal line of {} bytes fails its MAC (edited outside the gateway?); it is refused, to the quarantine",
                        line.length);
                forged.add(line);
                continue;
            }
            try {
                events.add(EventCodec.decode(new String(body, StandardCharsets.UTF_8)));
            } catch (RuntimeException ex) {
                LOG.error("a journal line of {} bytes is not an event ({}); it goes to the quarantine", line.length, ex.getMessage());
                unreadable.add(line);
            }
        }
        if (all.torn() > 0) {
            LOG.warn("journal ends with a torn line of {} bytes (a crash while writing); it is ignored", all.torn());
        }
        return new Contents(events, unreadable, forged, all.length());
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
