package io.cagekeeper.gateway.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Group commit: items submitted while a write is in flight are written together in the next one,
 * so under load many rows share one transaction and one fsync instead of paying a commit each (at
 * 1,000 badges a second, one commit per row was the bottleneck). With no load an item is written at
 * once, alone. Each submitter learns the outcome of the write that carried its item.
 *
 * <p>Two lanes: items the {@code urgent} predicate picks (credential decisions, which a badge holder
 * waits on) have a queue and a write in flight of their own, so a backlog of ordinary items (a door
 * module's event storm) never stands in front of them. Within a lane, order is kept.
 */
public final class GroupCommit<T> {

    private record Item<T>(T value, Promise<Void> done) {
    }

    private final class Lane {
        final List<Item<T>> queue = new ArrayList<>();
        boolean writing;
    }

    private final Function<List<T>, Future<Map<Integer, Throwable>>> writer;
    private final int maxBatch;
    private final Predicate<T> urgent;
    private final Lane urgentLane = new Lane();
    private final Lane ordinaryLane = new Lane();

    private GroupCommit(Function<List<T>, Future<Map<Integer, Throwable>>> writer, int maxBatch, Predicate<T> urgent) {
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.urgent = urgent;
    }

    /** One lane, every item in order. @param writer writes a batch in one transaction; completes when it is durable */
    public GroupCommit(Function<List<T>, Future<Void>> writer, int maxBatch) {
        this(batch -> writer.apply(batch).map(v -> Map.of()), maxBatch, v -> false);
    }

    /**
     * Two lanes, and an outcome per item.
     *
     * @param writer writes a batch; completes when it is durable, with the items (by index in the
     *               batch) that failed on their own; a failed future fails the whole batch
     * @param urgent the items that take the urgent lane
     */
    public static <T> GroupCommit<T> withLanes(Function<List<T>, Future<Map<Integer, Throwable>>> writer, int maxBatch,
                                               Predicate<T> urgent) {
        return new GroupCommit<>(writer, maxBatch, urgent);
    }

    public Future<Void> submit(T value) {
        Lane lane = urgent.test(value) ? urgentLane : ordinaryLane;
        Promise<Void> done = Promise.promise();
        boolean start;
        synchronized (lane) {
            lane.queue.add(new Item<>(value, done));
            start = !lane.writing;
            lane.writing = true;
        }
        if (start) {
            writeNext(lane);
        }
        return done.future();
    }

    private void writeNext(Lane lane) {
        List<Item<T>> batch;
        synchronized (lane) {
            if (lane.queue.isEmpty()) {
                lane.writing = false;
                return;
            }
            List<Item<T>> head = lane.queue.subList(0, Math.min(maxBatch, lane.queue.size()));
            batch = new ArrayList<>(head);
            head.clear();
        }
        List<T> values = new ArrayList<>(batch.size());
        batch.forEach(i -> values.add(i.value()));
        Future<Map<Integer, Throwable>> written;
        try {
            written = writer.apply(values);
        } catch (RuntimeException e) {
            written = Future.failedFuture(e);
        }
        written.onComplete(ar -> {
            for (int n = 0; n < batch.size(); n++) {
                Promise<Void> done = batch.get(n).done();
                Throwable own = ar.succeeded() ? ar.result().get(n) : ar.cause();
                if (own == null) {
                    done.tryComplete();
                } else {
                    done.tryFail(own);
                }
            }
            writeNext(lane);
        });
    }
}
