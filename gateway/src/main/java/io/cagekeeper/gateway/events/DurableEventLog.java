package io.cagekeeper.gateway.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log that loses nothing and that no single event can stop. Events go to PostgreSQL; when
 * PostgreSQL cannot be reached they go to the local fsync'd {@link Journal} instead, and a drain loop
 * replays the journal in order once the database answers again. While the journal holds anything,
 * new events are journaled too, so the database receives them in the order they happened (within a
 * commit lane: credential decisions have their own, see {@link GroupCommit}). Storage is idempotent
 * on the event key, so a replay after a crash mid-drain still yields exactly one row per event.
 *
 * <p>An event PostgreSQL refuses for its content (a NUL in its text, a key too long for its index)
 * would be refused again on every retry, and in the journal it stood in front of every later event
 * for good. Such an event is quarantined instead: kept whole with the reason in the quarantine table
 * (or, if PostgreSQL went away right after refusing it, in the quarantine file beside the journal,
 * moved to the table later), announced by an {@code EVENT_QUARANTINED} event that raises an alarm,
 * and skipped.
 */
public final class DurableEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(DurableEventLog.class);
    private static final int BATCH = 500;

    private final Vertx vertx;
    private final EventStore store;
    private final QuarantineStore quarantineStore;
    private final Journal journal;
    private final QuarantineFile quarantineFile;
    private final WorkerExecutor io;
    private final GroupCommit<GatewayEvent> journalCommits;
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong inJournal = new AtomicLong();
    private final AtomicLong inQuarantineFile = new AtomicLong();
    /** How long an orderly stop waits for queued events to be written. */
    static final int STOP_DRAIN_SECONDS = 60;
    private final AtomicLong pending = new AtomicLong();
    private final Promise<Void> drainedForStop = Promise.promise();
    private volatile boolean stopping;
    private volatile boolean journaling;
    private boolean draining;
    private long timer = -1;
    /** An event's acceptance ({@link #append}) to its being durable: the event store's lag. */
    private final io.cagekeeper.gateway.access.Metrics.Timing lag;

    /** @param metrics where the event store's lag is timed */
    public DurableEventLog(Vertx vertx, EventStore store, Journal journal, io.cagekeeper.gateway.access.Metrics metrics) {
        this.lag = metrics.timing("events.store");
        this.vertx = vertx;
        this.store = store;
        this.quarantineStore = store.quarantine();
        this.journal = journal;
        this.quarantineFile = journal.quarantineFile();
        this.io = vertx.createSharedWorkerExecutor("event-journal", 1);
        // journal appends share fsyncs too, and decisions do not wait behind a door's backlog there either
        this.journalCommits = GroupCommit.withLanes(this::journalBatch, 1000, EventStore::urgent);
    }

    /** Replays whatever an earlier run left in the journal, then keeps draining every {@code millis}. */
    public Future<Void> start(long millis) {
        return io.executeBlocking(() -> {
            inJournal.set(journal.read().lines());
            inQuarantineFile.set(quarantineFile.count());
            return inJournal.get() == 0;
        }, true).map(empty -> {
            journaling = !empty;
            if (!empty) {
                LOG.warn("event journal holds {} event(s) from an earlier run; replaying them into the database", inJournal.get());
            }
            timer = vertx.setPeriodic(millis, t -> drain());
            return null;
        });
    }

    /**
     * Completes once the event is durable: stored, journaled, or (refused by PostgreSQL for its
     * content) quarantined.
     */
    @Override
    public Future<Void> append(GatewayEvent event) {
        pending.incrementAndGet();
        long accepted = System.nanoTime();
        Future<Void> done = appendNow(event);
        done.onComplete(ar -> {
            if (ar.succeeded()) {
                lag.since(accepted);
            }
            if (pending.decrementAndGet() == 0 && stopping) {
                vertx.runOnContext(v -> drainedForStop.tryComplete());
            }
        });
        return done;
    }

    private Future<Void> appendNow(GatewayEvent event) {
        if (journaling) {
            return toJournal(event);
        }
        return store.append(event).recover(e -> {
            if (e instanceof RefusedEvent refused) {
                return quarantine(List.of(refused));
            }
            if (!journaling) {
                LOG.error("PostgreSQL did not take event {} ({}); journaling events locally until it does", event.key(), e.getMessage());
            }
            journaling = true;
            return toJournal(event);
        });
    }

    private Future<Void> toJournal(GatewayEvent event) {
        return journalCommits.submit(event);
    }

    private Future<Map<Integer, Throwable>> journalBatch(List<GatewayEvent> events) {
        return io.executeBlocking(() -> {
            List<GatewayEvent> unencodable = journal.appendAll(events);
            if (!unencodable.isEmpty()) {
                Instant now = Instant.now();
                quarantineFile.append(unencodable.stream().map(e -> QuarantineEntry.unencodable(e, now)).toList());
                inQuarantineFile.addAndGet(unencodable.size());
                LOG.error("{} event(s) could not be encoded for the journal; kept in the quarantine file", unencodable.size());
            }
            journaled.addAndGet(events.size() - unencodable.size());
            inJournal.addAndGet(events.size() - unencodable.size());
            return Map.<Integer, Throwable>of();
        }, true);
    }

    /** Into the quarantine table, or the quarantine file when PostgreSQL cannot be asked right now. */
    private Future<Void> quarantine(List<RefusedEvent> refused) {
        Instant now = Instant.now();
        List<QuarantineEntry> entries = new ArrayList<>(refused.size());
        for (RefusedEvent r : refused) {
            QuarantineEntry e = QuarantineEntry.refused(r, now);
            LOG.error("PostgreSQL refused event {} ({}) for its content ({} {}); it is quarantined and skipped",
                    StorableText.sanitized(e.key(), 120), e.type(), e.sqlState(), e.reason());
            entries.add(e);
        }
        return toQuarantine(entries);
    }

    private Future<Void> toQuarantine(List<QuarantineEntry> entries) {
        return quarantineStore.put(entries).onSuccess(v -> quarantined.addAndGet(entries.size()))
                .recover(e -> io.executeBlocking(() -> {
                    quarantineFile.append(entries);
                    inQuarantineFile.addAndGet(entries.size());
                    return null;
                }, true));
    }

    /** Moves the quarantine file to the table, then journaled events to the database, oldest first; stops at the first failure. */
    void drain() {
        if (draining || (!journaling && inQuarantineFile.get() == 0)) {
            return;
        }
        draining = true;
        // the journal drains even when the quarantine file cannot: nothing there may hold up the event log
        drainQuarantineFile().transform(q -> journaling ? drainJournal() : Future.<Void>succeededFuture()).onComplete(ar -> {
            draining = false;
            if (ar.failed()) {
                LOG.debug("journal drain waits for the database: {}", ar.cause().getMessage());
            }
        });
    }

    private Future<Void> drainQuarantineFile() {
        if (inQuarantineFile.get() == 0) {
            return Future.succeededFuture();
        }
        return io.executeBlocking(quarantineFile::read, true).compose(contents -> quarantineStore.put(contents.entries())
                .compose(v -> io.executeBlocking(() -> {
                    quarantineFile.dropThrough(contents.length());
                    inQuarantineFile.addAndGet(-contents.entries().size());
                    quarantined.addAndGet(contents.entries().size());
                    return null;
                }, true)));
    }

    private Future<Void> drainJournal() {
        return io.executeBlocking(journal::read, true).compose(contents -> {
            Future<Void> stored = Future.succeededFuture();
            if (!contents.unreadable().isEmpty() || !contents.forged().isEmpty()) {
                Instant now = Instant.now();
                List<QuarantineEntry> lines = new ArrayList<>();
                contents.unreadable().forEach(l -> lines.add(QuarantineEntry.unreadable(l, now)));
                contents.forged().forEach(l -> lines.add(QuarantineEntry.forged(l, now)));
                stored = toQuarantine(lines);
            }
            var events = contents.events();
            for (int i = 0; i < events.size(); i += BATCH) {
                var batch = events.subList(i, Math.min(events.size(), i + BATCH));
                stored = stored.compose(v -> store.appendAll(batch))
                        .compose(refused -> refused.isEmpty() ? Future.succeededFuture() : quarantine(refused));
            }
            return stored.compose(v -> io.executeBlocking(() -> {
                journal.dropThrough(contents.length());
                inJournal.addAndGet(-contents.lines());
                replayed.addAndGet(events.size());
                if (!events.isEmpty()) {
                    LOG.info("replayed {} journaled event(s) into the database", events.size());
                }
                return journal.isEmpty();
            }, true)).map(empty -> {
                if (empty) {
                    journaling = false;
                    inJournal.set(0);
                    LOG.info("event journal empty: events go straight to the database again");
                }
                return null;
            });
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

    /** Events quarantined by this run (in the table or the file). */
    public long quarantinedCount() {
        return quarantined.get() + inQuarantineFile.get();
    }

    /** Events (and lines) waiting in the journal for the database. */
    public long waitingInJournal() {
        return Math.max(0, inJournal.get());
    }

    /** Quarantine entries waiting in the quarantine file for the quarantine table. */
    public long waitingInQuarantineFile() {
        return Math.max(0, inQuarantineFile.get());
    }

    public QuarantineStore quarantine() {
        return quarantineStore;
    }

    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // events accepted but still queued for a commit (a door lane behind under load) are written
        // before the journal closes: an orderly stop loses none of them
        stopping = true;
        if (pending.get() == 0) {
            drainedForStop.tryComplete();
        } else {
            LOG.info("stopping: {} event(s) still queued for the database or the journal; writing them first", pending.get());
        }
        return drainedForStop.future().timeout(STOP_DRAIN_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
                .onFailure(e -> LOG.error("stopping: {} event(s) still not written after {} s", pending.get(), STOP_DRAIN_SECONDS))
                .otherwiseEmpty().compose(v -> io.executeBlocking(() -> {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.warn("closing the journal: {}", e.getMessage());
            }
            return null;
        }, true)).eventually(io::close).mapEmpty();
    }

    /** Events accepted by {@link #append} and not yet stored, journaled or quarantined. */
    public long pending() {
        return pending.get();
    }
}
