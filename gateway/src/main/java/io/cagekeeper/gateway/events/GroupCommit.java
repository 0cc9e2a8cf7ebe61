package io.cagekeeper.gateway.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: items submitted while a write is in flight are written together in the next one,
 * so under load many rows share one transaction and one fsync instead of paying a commit each (at
 * 1,000 badges a second, one commit per row was the bottleneck). With no load an item is written at
 * once, alone. Each submitter learns the outcome of the write that carried its item.
 */
public final class GroupCommit<T> {

    private record Item<T>(T value, Promise<Void> done) {
    }

    private final Function<List<T>, Future<Void>> writer;
    private final int maxBatch;
    private final List<Item<T>> queue = new ArrayList<>();
    private boolean writing;

    /** @param writer writes a batch in one transaction; completes when it is durable */
    public GroupCommit(Function<List<T>, Future<Void>> writer, int maxBatch) {
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    public Future<Void> submit(T value) {
        Promise<Void> done = Promise.promise();
        boolean start;
        synchronized (queue) {
            queue.add(new Item<>(value, done));
            start = !writing;
            writing = true;
        }
        if (start) {
            writeNext();
        }
        return done.future();
    }

    private void writeNext() {
        List<Item<T>> batch;
        synchronized (queue) {
            if (queue.isEmpty()) {
                writing = false;
                return;
            }
            List<Item<T>> head = queue.subList(0, Math.min(maxBatch, queue.size()));
            batch = new ArrayList<>(head);
            head.clear();
        }
        List<T> values = new ArrayList<>(batch.size());
        batch.forEach(i -> values.add(i.value()));
        Future<Void> written;
        try {
            written = writer.apply(values);
        } catch (RuntimeException e) {
            written = Future.failedFuture(e);
        }
        written.onComplete(ar -> {
            for (Item<T> i : batch) {
                if (ar.succeeded()) {
                    i.done().tryComplete();
                } else {
                    i.done().tryFail(ar.cause());
                }
            }
            writeNext();
        });
    }
}
