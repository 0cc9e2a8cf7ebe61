package io.cagekeeper.reconciliation.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one canonical table from a CSV file (with a header) or a JSON Lines file (one object a line),
 * row by row, returning each row's values in the table's canonical column order with the mapping's
 * renames and value mappings applied. The SHA-256 of the file's bytes is computed as it is read, so the
 * report's hash is that of the very bytes reconciled. Empty strings are null.
 */
public final class TableReader implements AutoCloseable {

    /** Not closing the stream at its end: the digest is drained and closed here, after the last row. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    private final Table table;
    private final Path file;
    private final ColumnMapping mapping;
    private final DigestInputStream digest;
    private final CSVParser csv;
    private final Iterator<CSVRecord> records;
    private final int[] csvIndex;
    private final JsonParser json;
    private final Map<String, Integer> jsonIndex;
    private final String[] row;
    private final long size;
    private final long[] consumed = {0};
    private long line;
    private long rows;

    public TableReader(Table table, Path file, ColumnMapping mapping) {
        this.table = table;
        this.file = file;
        this.mapping = mapping;
        this.row = new String[table.columns().size()];
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            this.size = Files.size(file);
            InputStream raw = new java.io.FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    consumed[0] += Math.max(n, 0);
                    return n;
                }
            };
            this.digest = new DigestInputStream(new BufferedInputStream(raw, 1 << 16), sha);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try {
            if (file.getFileName().toString().endsWith(".jsonl")) {
                this.csv = null;
                this.records = null;
                this.csvIndex = null;
                this.json = JSON.createParser(digest);
                this.jsonIndex = new java.util.HashMap<>();
                List<String> cols = table.columns();
                for (int i = 0; i < cols.size(); i++) {
                    jsonIndex.put(mapping.header(cols.get(i)), i);
                }
            } else {
                this.json = null;
                this.jsonIndex = null;
                this.csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get()
                        .parse(new InputStreamReader(digest, StandardCharsets.UTF_8));
                this.records = csv.iterator();
                List<String> cols = table.columns();
                this.csvIndex = new int[cols.size()];
                Map<String, Integer> header = csv.getHeaderMap();
                for (int i = 0; i < cols.size(); i++) {
                    Integer at = header.get(mapping.header(cols.get(i)));
                    csvIndex[i] = at == null ? -1 : at;
                    if (at == null && table.required(cols.get(i))) {
                        throw new InputException(file + ": no column " + mapping.header(cols.get(i))
                                + " (required for " + table.fileName() + "." + cols.get(i) + ")");
                    }
                }
            }
        } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
            close();
            throw new InputException(file + ": cannot read the header: " + e.getMessage());
        }
    }

    public String source() {
        return file.getFileName().toString();
    }

    /** The line of the row last returned (1 = the first line of the file). */
    public long line() {
        return line;
    }

    public long rows() {
        return rows;
    }

    /** The part of the file's bytes read so far (read ahead by the buffers: an estimate for progress lines). */
    public double done() {
        return size == 0 ? 1 : Math.min(1, (double) consumed[0] / size);
    }

    /**
     * The next row (the same array each time: copy what you keep), or null at the end. A row that is
     * not even a record (bad JSON) raises IllegalArgumentException; the caller records it and goes on
     * only if the file can still be read (JSON: no, the error ends the file).
     */
    public String[] next() {
        try {
            return json != null ? nextJson() : nextCsv();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InputException(file + ":" + line + ": unreadable: " + e.getMessage());
        }
    }

    private String[] nextCsv() {
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord r = records.next();
        line = r.getRecordNumber() + 1;
        rows++;
        for (int i = 0; i < row.length; i++) {
            int at = csvIndex[i];
            String v = at >= 0 && at < r.size() ? r.get(at) : null;
            row[i] = v == null || v.isEmpty() ? null : mapping.value(table.columns().get(i), v);
        }
        if (!r.isConsistent()) {
            throw new IllegalArgumentException("has " + r.size() + " fields, the header " + csvIndex.length + " or more");
        }
        return row;
    }

    private String[] nextJson() throws IOException {
        JsonToken t = json.nextToken();
        if (t == null) {
            return null;
        }
        line = json.currentLocation().getLineNr();
        rows++;
        if (t != JsonToken.START_OBJECT) {
            throw new InputException(file + ":" + line + ": not a JSON object");
        }
        java.util.Arrays.fill(row, null);
        while ((t = json.nextToken()) == JsonToken.FIELD_NAME) {
            Integer i = jsonIndex.get(json.currentName());
            JsonToken v = json.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                json.skipChildren();
                continue;
            }
            if (i != null && v != JsonToken.VALUE_NULL) {
                String text = json.getText();
                row[i] = text.isEmpty() ? null : mapping.value(table.columns().get(i), text);
            }
        }
        return row;
    }

    /** Reads the rest of the file (so the hash covers it all) and returns the SHA-256 in hex. */
    public String sha256() {
        try {
            byte[] buf = new byte[1 << 16];
            InputStream in = digest;
            while (in.read(buf) >= 0) {
                // drain
            }
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(digest.getMessageDigest().digest());
    }

    @Override
    public void close() {
        try {
            if (csv != null) {
                csv.close();
            }
            if (json != null) {
                json.close();
            }
            digest.close();
        } catch (IOException e) {
            // closing a read-only file: nothing lost
        }
    }
}
