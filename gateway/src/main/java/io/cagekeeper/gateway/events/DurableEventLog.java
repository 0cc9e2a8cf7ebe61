package io.cagekeeper.gateway.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log that loses nothing: events go to PostgreSQL; when PostgreSQL cannot take them they
 * go to the local fsync'd {@link Journal} instead, and a drain loop replays the journal in order once
 * the database answers again. While the journal holds anything, new events are journaled too, so the
 * database receives them in the order they happened. Storage is idempotent on the event key, so a
 * replay after a crash mid-drain still yields exactly one row per event.
 */
public final class DurableEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(DurableEventLog.class);
    private static final int BATCH = 500;

    private final Vertx vertx;
    private final EventStore store;
    private final Journal journal;
    private final WorkerExecutor io;
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private boolean journaling;
    private boolean draining;
    private long timer = -1;

    public DurableEventLog(Vertx vertx, EventStore store, Journal journal) {
        this.vertx = vertx;
        this.store = store;
        this.journal = journal;
        this.io = vertx.createSharedWorkerExecutor("event-journal", 1);
    }

    /** Replays whatever an earlier run left in the journal, then keeps draining every {@code millis}. */
    public Future<Void> start(long millis) {
        return io.executeBlocking(journal::isEmpty, true).map(empty -> {
            journaling = !empty;
            if (!empty) {
                LOG.warn("event journal holds events from an earlier run; replaying them into the database");
            }
            timer = vertx.setPeriodic(millis, t -> drain());
            return null;
        });
    }

    @Override
    public Future<Void> append(GatewayEvent event) {
        if (journaling) {
            return toJournal(event);
        }
        return store.append(event).recover(e -> {
            if (!journaling) {
                LOG.error("PostgreSQL did not take event {} ({}); journaling events locally until it does", event.key(), e.getMessage());
            }
            journaling = true;
            return toJournal(event);
        });
    }

    private Future<Void> toJournal(GatewayEvent event) {
        return io.executeBlocking(() -> {
            journal.append(event);
            journaled.incrementAndGet();
            return null;
        }, true);
    }

    /** Moves journaled events to the database, oldest first; stops at the first failure. */
    void drain() {
        if (!journaling || draining) {
            return;
        }
        draining = true;
        Promise<Void> done = Promise.promise();
        io.executeBlocking(journal::read, true).compose(contents -> {
            if (contents.events().isEmpty()) {
                return io.executeBlocking(() -> {
                    journal.dropThrough(contents.length());
                    return journal.isEmpty();
                }, true).map(empty -> {
                    if (empty) {
                        journaling = false;
                    }
                    return null;
                });
            }
            Future<Void> stored = Future.succeededFuture();
            var events = contents.events();
            for (int i = 0; i < events.size(); i += BATCH) {
                var batch = events.subList(i, Math.min(events.size(), i + BATCH));
                stored = stored.compose(v -> store.appendAll(batch));
            }
            return stored.compose(v -> io.executeBlocking(() -> {
                journal.dropThrough(contents.length());
                replayed.addAndGet(events.size());
                LOG.info("replayed {} journaled event(s) into the database", events.size());
                return journal.isEmpty();
            }, true)).map(empty -> {
                if (empty) {
                    journaling = false;
                    LOG.info("event journal empty: events go straight to the database again");
                }
                return null;
            });
        }).onComplete(ar -> {
            draining = false;
            if (ar.failed()) {
                LOG.debug("journal drain waits for the database: {}", ar.cause().getMessage());
            }
            done.complete();
        });
    }

    public boolean journaling() {
        return journaling;
    }

    public long journaledCount() {
        return journaled.get();
    }

    public long replayedCount() {
        return replayed.get();
    }

    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return io.executeBlocking(() -> {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warn("closing the journal: {}", e.getMessage());
            }
            return null;
        }, true).eventually(io::close).mapEmpty();
    }
}
