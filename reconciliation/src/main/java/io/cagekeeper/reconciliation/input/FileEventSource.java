package io.cagekeeper.reconciliation.input;

/**
 * Events from a canonical file, checked to be in strictly increasing (at, id) order: the matcher
 * streams, so an event out of order would be judged against the wrong state; it is an error instead.
 */
final class FileEventSource implements EventSource {

    private final TableReader reader;
    private final Decoder decoder;
    private final RowErrors errors;
    private final long modified;
    private long lastAt = Long.MIN_VALUE;
    private long lastId = Long.MIN_VALUE;
    private SourceStats stats;

    FileEventSource(TableReader reader, Decoder decoder, RowErrors errors, long modified) {
        this.reader = reader;
        this.decoder = decoder;
        this.errors = errors;
        this.modified = modified;
    }

    @Override
    public EventRow next() {
        while (true) {
            String[] row;
            try {
                row = reader.next();
                if (row == null) {
                    if (stats == null) {
                        stats = new SourceStats(Table.EVENTS.fileName(), "file", reader.source(), reader.sha256(), modified,
                                reader.rows());
                    }
                    return null;
                }
                EventRow e = (EventRow) decoder.decode(row);
                if (e.at() < lastAt || (e.at() == lastAt && e.id() <= lastId)) {
                    throw new IllegalArgumentException("not in (at, id) order: id " + e.id() + " at " + Times.iso(e.at())
                            + " after id " + lastId + " at " + Times.iso(lastAt));
                }
                lastAt = e.at();
                lastId = e.id();
                return e;
            } catch (IllegalArgumentException e) {
                errors.add(reader.source(), reader.line(), e.getMessage());
            }
        }
    }

    @Override
    public double done() {
        return reader.done();
    }

    @Override
    public SourceStats stats() {
        return stats;
    }

    @Override
    public void close() {
        reader.close();
    }
}
