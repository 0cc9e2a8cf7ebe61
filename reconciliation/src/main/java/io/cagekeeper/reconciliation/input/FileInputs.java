package io.cagekeeper.reconciliation.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical files of one input directory ({@code events.csv} or {@code events.jsonl}, and so on
 * for every {@link Table}), each with an optional mapping ({@code events.mapping.properties} beside
 * it). events, approvals, persons and credentials must be there; the others may be absent (the report
 * then says so, and the checks that need them find nothing). Bad rows go to {@link RowErrors}.
 */
public final class FileInputs {

    private final Path dir;
    private final RowErrors errors;
    private final Map<Table, Path> files = new EnumMap<>(Table.class);
    /** One instance per identifier across the tables (the events read after the rest, on the read-ahead thread). */
    private final Interner ids = new Interner();

    public FileInputs(Path dir, RowErrors errors) {
        this.dir = dir;
        this.errors = errors;
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + " is not a directory");
        }
        for (Table t : Table.values()) {
            Path csv = dir.resolve(t.fileName() + ".csv");
            Path jsonl = dir.resolve(t.fileName() + ".jsonl");
            if (Files.exists(csv) && Files.exists(jsonl)) {
                throw new InputException(dir + " has both " + csv.getFileName() + " and " + jsonl.getFileName());
            }
            Path file = Files.exists(csv) ? csv : Files.exists(jsonl) ? jsonl : null;
            if (file == null && (t == Table.EVENTS || t == Table.APPROVALS || t == Table.PERSONS || t == Table.CREDENTIALS)) {
                throw new InputException(dir + " has no " + t.fileName() + ".csv or " + t.fileName() + ".jsonl");
            }
            if (file != null) {
                files.put(t, file);
            }
        }
    }

    /** Reads every table but the events. */
    public Inputs load() {
        List<SourceStats> stats = new ArrayList<>();
        return new Inputs(read(Table.APPROVALS, ApprovalRow.class, stats), read(Table.PERSONS, PersonRow.class, stats),
                read(Table.CREDENTIALS, CredentialRow.class, stats),
                read(Table.CREDENTIAL_STATUS, StatusChangeRow.class, stats),
                read(Table.HEARTBEATS, HeartbeatRow.class, stats), read(Table.ACL_CHANGES, AclChangeRow.class, stats),
                stats);
    }

    /** Opens the event stream (in (at, id) order, else the out-of-order rows are errors), parsed on a thread of its own. */
    public EventSource events() {
        Table t = Table.EVENTS;
        Path file = files.get(t);
        return new ReadAhead(new FileEventSource(new TableReader(t, file, mapping(t)), new Decoder(t, mapping(t).timeParser(), ids),
                errors, modified(file)));
    }

    private <T> List<T> read(Table t, Class<T> type, List<SourceStats> stats) {
        List<T> out = new ArrayList<>();
        Path file = files.get(t);
        if (file == null) {
            stats.add(new SourceStats(t.fileName(), "absent", null, null, Times.NONE, 0));
            return out;
        }
        ColumnMapping mapping = mapping(t);
        Decoder decoder = new Decoder(t, mapping.timeParser(), ids);
        try (TableReader reader = new TableReader(t, file, mapping)) {
            while (true) {
                String[] row;
                try {
                    row = reader.next();
                    if (row == null) {
                        break;
                    }
                    out.add(type.cast(decoder.decode(row)));
                } catch (IllegalArgumentException e) {
                    errors.add(reader.source(), reader.line(), e.getMessage());
                }
            }
            stats.add(new SourceStats(t.fileName(), "file", file.getFileName().toString(), reader.sha256(), modified(file),
                    reader.rows()));
        }
        return out;
    }

    private ColumnMapping mapping(Table t) {
        Path m = dir.resolve(t.fileName() + ".mapping.properties");
        return Files.exists(m) ? ColumnMapping.load(m, t) : ColumnMapping.identity();
    }

    private static long modified(Path file) {
        try {
            return Times.micros(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
