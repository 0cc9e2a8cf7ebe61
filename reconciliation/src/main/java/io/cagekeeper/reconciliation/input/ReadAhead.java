package io.cagekeeper.reconciliation.input;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source's events on a thread of its own, {@value #BATCH} at a time, a few batches ahead of the
 * checks, so that parsing (CSV, times) or building rows from a cursor runs on the second core while the
 * checks run on the first: measured, each was about half of a reconciliation's time on one thread.
 * Memory stays bounded ({@value #AHEAD} batches). A failure of the source is thrown to the caller of
 * {@link #next()} where it would have been thrown without read-ahead, after the events before it.
 */
public final class ReadAhead implements EventSource {

    static final int BATCH = 1_024;
    static final int AHEAD = 8;
    private static final long TIMEOUT_S = 600;

    private record Batch(EventRow[] rows, int size, RuntimeException failure, boolean last) {
    }

    private final EventSource source;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private Batch current;
    private int pos;
    private boolean ended;

    public ReadAhead(EventSource source) {
        this.source = source;
        this.reader = new Thread(this::read, "reconciliation-read-ahead");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void read() {
        try {
            while (true) {
                EventRow[] rows = new EventRow[BATCH];
                int n = 0;
                EventRow e = null;
                RuntimeException failure = null;
                try {
                    while (n < BATCH && (e = source.next()) != null) {
                        rows[n++] = e;
                    }
                } catch (RuntimeException ex) {
                    failure = ex;
                }
                boolean last = failure != null || e == null;
                queue.put(new Batch(rows, n, failure, last));
                if (last) {
                    return;
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public EventRow next() {
        while (current == null || pos == current.size()) {
            if (ended) {
                return null;
            }
            if (current != null && current.last()) {
                ended = true;
                if (current.failure() != null) {
                    throw current.failure();
                }
                return null;
            }
            try {
                current = queue.poll(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InputException("events: interrupted");
            }
            if (current == null) {
                throw new InputException("events: none read in " + TIMEOUT_S + " s");
            }
            pos = 0;
        }
        return current.rows()[pos++];
    }

    @Override
    public double done() {
        return source.done();
    }

    @Override
    public SourceStats stats() {
        return source.stats();
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
