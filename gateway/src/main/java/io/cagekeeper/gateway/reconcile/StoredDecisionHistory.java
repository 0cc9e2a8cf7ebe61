package io.cagekeeper.gateway.reconcile;

import io.cagekeeper.gateway.access.DecisionRecords;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.reconciliation.input.DecisionHistory;
import io.cagekeeper.reconciliation.input.SourceStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's decision records and policy archive as the reconciler's {@link DecisionHistory}: what
 * POLICY_DRIFT re-judges with the policy engine. Each record carries the hash the archive stored when its
 * version came into force (as {@code DecisionReplay} does), so an edited policy row is a hash mismatch, not
 * a silent re-judging against the edited policy. Blocks its caller: the reconciliation's worker thread,
 * never an event loop. Both tables are append-only for the gateway, so reading them after the run's
 * snapshot of the other tables sees every record of the period.
 */
public final class StoredDecisionHistory implements DecisionHistory {

    private static final long TIMEOUT_S = 300;
    private static final int VERSIONS_KEPT = 8;

    private final DecisionRecords records;
    private final SnapshotArchive archive;
    private final long extractedAt;
    private final Map<Long, Optional<SnapshotArchive.Archived>> versions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<SnapshotArchive.Archived>> eldest) {
            return size() > VERSIONS_KEPT;
        }
    };
    private Map<Long, String> unparsable = Map.of();
    private long rows;
    private Runnable onClose = () -> { };

    /**
     * The history of the Cagekeeper database at {@code connect}, on a Vert.x instance and pool of its own
     * (closed with it): for {@code cagekeeper reconcile --db}, outside a running gateway.
     */
    public static StoredDecisionHistory open(io.vertx.pgclient.PgConnectOptions connect) {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(2))
                .connectingTo(connect).using(vertx).build();
        StoredDecisionHistory h = new StoredDecisionHistory(new DecisionRecords(pool), new SnapshotArchive(pool),
                io.cagekeeper.reconciliation.input.Times.micros(java.time.Instant.now()));
        // closing the Vert.x instance closes its pool
        h.onClose = () -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // nothing is left to read: a slow close loses nothing
            }
        };
        return h;
    }

    @Override
    public void close() {
        onClose.run();
    }

    /** @param extractedAt the run's time (microseconds), recorded as the extraction time */
    public StoredDecisionHistory(DecisionRecords records, SnapshotArchive archive, long extractedAt) {
        this.records = records;
        this.archive = archive;
        this.extractedAt = extractedAt;
    }

    @Override
    public Map<Long, RecordedDecision> recorded(long[] eventIds) {
        DecisionRecords.Found found = await(records.findAll(eventIds));
        unparsable = found.unparsable();
        rows += found.records().size() + found.unparsable().size();
        Map<Long, RecordedDecision> out = new HashMap<>();
        found.records().forEach((id, r) -> {
            String hash = version(r.decision().snapshotVersion()).map(SnapshotArchive.Archived::storedHash).orElse(null);
            out.put(id, new RecordedDecision(r.request(), r.pinMatched(), r.before(), r.decision(), hash));
        });
        return out;
    }

    @Override
    public String unparsable(long eventId) {
        return unparsable.get(eventId);
    }

    @Override
    public Optional<PolicySnapshot> snapshot(long version) {
        return version(version).map(SnapshotArchive.Archived::snapshot);
    }

    /** The stored version; empty when it is not stored or no longer compiles (the replay then names the version as missing). */
    private Optional<SnapshotArchive.Archived> version(long version) {
        Optional<SnapshotArchive.Archived> kept = versions.get(version);
        if (kept == null) {
            try {
                kept = await(archive.load(version));
            } catch (IllegalArgumentException e) {
                kept = Optional.empty();
            }
            versions.put(version, kept);
        }
        return kept;
    }

    @Override
    public SourceStats stats() {
        return new SourceStats("decisions", "query", "decision_records by event (events.event_key), re-judged against"
                + " policy_snapshots (and policy_deltas) of the version each names", null, extractedAt, rows);
    }

    private static <T> T await(Future<T> f) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("the decision history blocks: call it off the event loop");
        }
        try {
            return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException("decision records: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("decision records: no answer in " + TIMEOUT_S + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("decision records: interrupted");
        }
    }
}
