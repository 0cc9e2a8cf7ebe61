package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.PolicyDelta;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy snapshot in force. Decisions read it without locking; a change is patched into a new
 * snapshot off to the side from the rows the change log recorded for it, and swapped in atomically, so a decision sees either the old policy or the new one,
 * never half of each. Changes made through this gateway reload at once; changes made elsewhere are
 * picked up by a version check every {@code checkMillis} (a revoked badge stops working within that).
 */
public final class PolicyHolder {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyHolder.class);
    /** More versions than this behind: read the whole policy rather than the log. */
    static final int MAX_DELTA_VERSIONS = 1_000;

    /** The snapshot in force with its small parts (kept beside it: a delta edits them without the snapshot's data()). */
    private record InForce(PolicySnapshot snapshot, PolicyDelta.SmallParts small) {
    }

    private final PolicyStore store;
    private final PolicyDeltas deltas;
    private final SnapshotArchive archive;
    private final AtomicReference<InForce> current = new AtomicReference<>();
    private Future<PolicySnapshot> reloading;
    /** True while the last archive write failed: the next check reads the whole policy to write it again. */
    private volatile boolean archiveFailed;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong patches = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();

    private final io.vertx.core.WorkerExecutor compiler;
    /** A full read and compile swapped in; logged changes read and patched in (the secondly check that finds nothing is not timed). */
    private final io.cagekeeper.gateway.access.Metrics.Timing fullReloads;
    private final io.cagekeeper.gateway.access.Metrics.Timing patchReloads;

    /**
     * @param archive  keeps the data of every version swapped in, so its decisions can be replayed
     * @param compiler where snapshots are compiled and patched: one thread of its own, off every event
     *                 loop, since a full compile at a million badges takes seconds and even a patch of a
     *                 10,000-badge import takes tens of milliseconds; decisions keep using the snapshot in
     *                 force meanwhile and see the new one once it is swapped in whole
     * @param metrics  where the reloads are timed, by kind (full, patch)
     */
    public PolicyHolder(PolicyStore store, PolicyDeltas deltas, SnapshotArchive archive, io.vertx.core.WorkerExecutor compiler,
                        io.cagekeeper.gateway.access.Metrics metrics) {
        this.fullReloads = metrics.timing("policy.reload", "kind", "full");
        this.patchReloads = metrics.timing("policy.reload", "kind", "patch");
        this.store = store;
        this.deltas = deltas;
        this.archive = archive;
        this.compiler = compiler;
    }

    /** One logged version patched in: what the archive must keep of it. */
    private record Step(PolicySnapshot snapshot, PolicyDelta delta, PolicyDeltas.Change change, Instant at) {
    }

    /** The versions a batch of logged changes patched in, and, when it stopped short, why the whole policy must be read. */
    private record Applied(List<Step> steps, InForce last, String readWhole) {
    }

    public PolicySnapshot current() {
        InForce f = current.get();
        return f == null ? null : f.snapshot();
    }

    /** Brings the snapshot up to the stored version; a policy that does not compile is refused and the old one kept. */
    public Future<PolicySnapshot> reload() {
        if (reloading != null && !reloading.isComplete()) {
            // one reload at a time; the next check picks up anything newer
            return reloading.compose(s -> reloadNow(), e -> reloadNow());
        }
        reloading = reloadNow();
        return reloading;
    }

    /**
     * Asks for the recorded version (one row: the secondly check costs nothing when nothing changed) and,
     * when it moved, applies the logged changes after the version in force, in version order, each
     * patched into the snapshot and swapped in on its own. The whole policy is read only at start, when
     * the log has a gap (a version with fewer logged rows than it committed), when far behind, or when a
     * patch is refused.
     */
    private Future<PolicySnapshot> reloadNow() {
        InForce inForce = current.get();
        if (inForce == null) {
            return loadAndSwap();
        }
        long version = inForce.snapshot().version();
        return store.version().compose(v -> {
            if (v > version) {
                return applyLogged(inForce);
            }
            return archiveFailed ? loadAndSwap() : Future.succeededFuture(inForce.snapshot());
        });
    }

    private Future<PolicySnapshot> applyLogged(InForce from) {
        long started = System.nanoTime();
        return deltas.since(from.snapshot().version(), MAX_DELTA_VERSIONS).compose(pending -> {
            if (pending.changes().isEmpty() || pending.changes().size() >= MAX_DELTA_VERSIONS) {
                return loadAndSwap();
            }
            return compiler.executeBlocking(() -> patchAll(from, pending), true).compose(applied -> {
                for (Step step : applied.steps()) {
                    archive.recordDelta(step.snapshot(), step.delta(), step.change(), step.at()).onComplete(ar -> archived(step.snapshot(), ar));
                }
                if (!applied.steps().isEmpty()) {
                    patchReloads.since(started);
                }
                if (applied.readWhole() != null) {
                    LOG.warn("{}: reading the whole policy", applied.readWhole());
                    return loadAndSwap();
                }
                return Future.succeededFuture(applied.last().snapshot());
            });
        });
    }

    /** On the compiler's thread: each logged version patched and swapped in on its own, in version order. */
    private Applied patchAll(InForce from, PolicyDeltas.Pending pending) {
        List<Step> steps = new ArrayList<>();
        InForce now = from;
        for (PolicyDeltas.Change change : pending.changes()) {
            if (change.version() <= now.snapshot().version()) {
                continue; // applied already
            }
            if (!change.complete()) {
                gaps.incrementAndGet();
                return new Applied(steps, now, "policy version " + change.version() + ": " + change.rows().size() + " of "
                        + change.expectedRows() + " logged rows found, a gap in the change log");
            }
            PolicyDelta delta;
            PolicySnapshot patched;
            try {
                delta = PolicyDeltas.delta(change, now.small(), PolicyDeltas.PinHashes.live(pending.pinHashes()));
                patched = now.snapshot().patch(delta);
            } catch (RuntimeException e) {
                return new Applied(steps, now, "policy version " + change.version() + " could not be patched in (" + e.getMessage() + ")");
            }
            InForce next = new InForce(patched, delta.small() == null ? now.small() : delta.small());
            current.set(next);
            patches.incrementAndGet();
            steps.add(new Step(patched, delta, change, Instant.now()));
            LOG.debug("policy version {} in force as a delta of {} rows", patched.version(), delta.size());
            now = next;
        }
        return new Applied(steps, now, null);
    }

    /** How many times the whole policy was read (start, gaps, archive retries); exposed for tests and metrics. */
    public long loads() {
        return loads.get();
    }

    /** How many versions were applied as deltas (patched into the snapshot in force). */
    public long patches() {
        return patches.get();
    }

    /** How many gaps in the change log sent the holder back to a full read. */
    public long gaps() {
        return gaps.get();
    }

    private Future<PolicySnapshot> loadAndSwap() {
        loads.incrementAndGet();
        long started = System.nanoTime();
        return store.load().compose(loaded -> {
            long read = System.nanoTime();
            InForce old = current.get();
            if (old != null && old.snapshot().version() == loaded.version()) {
                if (archiveFailed) {
                    archive.record(old.snapshot(), loaded.data(), Instant.now()).onComplete(ar -> archived(old.snapshot(), ar));
                }
                return Future.succeededFuture(old.snapshot());
            }
            return compiler.executeBlocking(() -> {
                PolicySnapshot s = PolicySnapshot.compile(loaded.version(), loaded.data());
                current.set(new InForce(s, PolicyDelta.SmallParts.of(loaded.data())));
                return s;
            }, true).onSuccess(s -> {
                fullReloads.since(started);
                archive.record(s, loaded.data(), Instant.now()).onComplete(ar -> archived(s, ar));
                LOG.info("policy version {} in force ({} credentials, hash {}; read in {} ms, compiled in {} ms)", s.version(),
                        loaded.data().credentials().size(), s.contentHash().substring(0, 15), (read - started) / 1_000_000,
                        (System.nanoTime() - read) / 1_000_000);
            }).onFailure(e -> LOG.error("policy version {} refused, version {} stays in force: {}", loaded.version(),
                    old == null ? "none" : old.snapshot().version(), e.getMessage()));
        });
    }

    /**
     * Archives a version applied as a delta: the archive keeps the hash of its logged rows and, at
     * checkpoints, the whole data. A failure does not stop decisions; the next check retries with a full read.
     */
    private void archive(PolicySnapshot s, PolicyDelta delta, PolicyDeltas.Change change, Instant at) {
        archive.recordDelta(s, delta, change, at).onComplete(ar -> archived(s, ar));
    }

    private void archived(PolicySnapshot s, io.vertx.core.AsyncResult<Void> ar) {
        if (ar.succeeded()) {
            archiveFailed = false;
        } else {
            archiveFailed = true;
            LOG.warn("policy version {} not archived yet, its decisions cannot be replayed until it is: {}",
                    s.version(), ar.cause().getMessage());
        }
    }

    /**
     * Listens on the database's {@code policy_changed} channel (a trigger notifies it when a change
     * commits) and reloads at once: a revoked badge stops working within milliseconds of the commit,
     * whoever made the change. The periodic check stays as the safety net for a lost notification.
     */
    public Future<io.vertx.pgclient.pubsub.PgSubscriber> listen(Vertx vertx, io.vertx.pgclient.PgConnectOptions options) {
        var subscriber = io.vertx.pgclient.pubsub.PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1_000L);
        subscriber.channel("policy_changed").handler(version -> reload()
                .onFailure(e -> LOG.debug("reload after notification {} failed: {}", version, e.getMessage())));
        return subscriber.connect().map(subscriber);
    }

    /** Checks for changes made outside this gateway every {@code checkMillis}. Returns the timer id. */
    public long watch(Vertx vertx, long checkMillis) {
        return vertx.setPeriodic(checkMillis, t -> reload().onFailure(e -> LOG.debug("policy check failed: {}", e.getMessage())));
    }
}
