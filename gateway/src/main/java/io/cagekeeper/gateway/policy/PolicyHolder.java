package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.engine.PolicySnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy snapshot in force. Decisions read it without locking; a reload compiles a new snapshot
 * off to the side and swaps it in atomically, so a decision sees either the old policy or the new one,
 * never half of each. Changes made through this gateway reload at once; changes made elsewhere are
 * picked up by a version check every {@code checkMillis} (a revoked badge stops working within that).
 */
public final class PolicyHolder {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyHolder.class);

    private final PolicyStore store;
    private final SnapshotArchive archive;
    private final AtomicReference<PolicySnapshot> current = new AtomicReference<>();
    private Future<PolicySnapshot> reloading;
    private long archived = -1;
    private final AtomicLong loads = new AtomicLong();

    /** @param archive keeps the data of every version swapped in, so its decisions can be replayed */
    public PolicyHolder(PolicyStore store, SnapshotArchive archive) {
        this.store = store;
        this.archive = archive;
    }

    public PolicySnapshot current() {
        return current.get();
    }

    /** Loads and compiles the stored policy; a policy that does not compile is refused and the old one kept. */
    public Future<PolicySnapshot> reload() {
        if (reloading != null && !reloading.isComplete()) {
            // one reload at a time; the next check picks up anything newer
            return reloading.compose(s -> reloadNow());
        }
        reloading = reloadNow();
        return reloading;
    }

    /**
     * Reads the whole policy only when its recorded version moved (or the version in force is not yet
     * archived). The check runs every second: reading every table each time cost the gateway a tenth of
     * its event loop with 1,000 badges and would read a million rows a second with a million.
     */
    private Future<PolicySnapshot> reloadNow() {
        PolicySnapshot inForce = current.get();
        if (inForce == null) {
            return loadAndSwap();
        }
        return store.version().compose(v -> v == inForce.version() && archived == v
                ? Future.succeededFuture(inForce) : loadAndSwap());
    }

    /** How many times the whole policy was read (start, changes, archive retries); exposed for tests and metrics. */
    public long loads() {
        return loads.get();
    }

    private Future<PolicySnapshot> loadAndSwap() {
        loads.incrementAndGet();
        return store.load().compose(loaded -> {
            PolicySnapshot old = current.get();
            if (old != null && old.version() == loaded.version()) {
                if (archived != old.version()) {
                    archive(old, loaded, Instant.now()); // the earlier attempt failed: retried at each check
                }
                return Future.succeededFuture(old);
            }
            try {
                PolicySnapshot s = PolicySnapshot.compile(loaded.version(), loaded.data());
                current.set(s);
                archive(s, loaded, Instant.now());
                LOG.info("policy version {} in force ({} credentials, hash {})", s.version(),
                        loaded.data().credentials().size(), s.contentHash().substring(0, 12));
                return Future.succeededFuture(s);
            } catch (IllegalArgumentException e) {
                LOG.error("policy version {} refused, version {} stays in force: {}", loaded.version(),
                        old == null ? "none" : old.version(), e.getMessage());
                return Future.failedFuture(e);
            }
        });
    }

    /** Archives a version swapped in; a failure does not stop decisions, it is retried by the next check. */
    private void archive(PolicySnapshot s, PolicyStore.Loaded loaded, Instant at) {
        archive.record(s, loaded.data(), at).onComplete(ar -> {
            if (ar.succeeded()) {
                archived = s.version();
            } else {
                LOG.warn("policy version {} not archived yet, its decisions cannot be replayed until it is: {}",
                        s.version(), ar.cause().getMessage());
            }
        });
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
