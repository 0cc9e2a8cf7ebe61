package io.cagekeeper.reconciliation.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every row an input refused, with its file, line and reason. Any error makes the whole run
 * incomplete: the reconciler then writes this report and no reconciliation report, so a bad file
 * never yields a result that looks complete. The first {@value #KEPT} errors are kept verbatim, the
 * rest only counted (a wrong mapping can make every row of a huge file bad).
 */
public final class RowErrors {

    public static final int KEPT = 1000;

    /** One refused row. */
    public record RowError(String source, long line, String message) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + message;
        }
    }

    private final List<RowError> kept = new ArrayList<>();
    private long count;

    public synchronized void add(String source, long line, String message) {
        count++;
        if (kept.size() < KEPT) {
            kept.add(new RowError(source, line, message));
        }
    }

    public synchronized long count() {
        return count;
    }

    public synchronized boolean isEmpty() {
        return count == 0;
    }

    public synchronized List<RowError> kept() {
        return Collections.unmodifiableList(new ArrayList<>(kept));
    }

    /** The errors one per line, and a last line saying how many were left out. */
    public synchronized String render() {
        StringBuilder out = new StringBuilder();
        for (RowError e : kept) {
            out.append(e).append('\n');
        }
        if (count > kept.size()) {
            out.append("... and ").append(count - kept.size()).append(" more errors\n");
        }
        return out.toString();
    }
}
