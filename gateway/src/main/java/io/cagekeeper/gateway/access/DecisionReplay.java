package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.replay.Replay;
import io.cagekeeper.policy.replay.ReplayResult;
import io.cagekeeper.policy.replay.SnapshotSource;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Re-decides a stored decision against the archived policy version it names: the audit check that the
 * stored record, the stored policy and the engine still agree. The hash the archive stored when the
 * version came into force stands in for the decision's, so an edited policy row shows as a hash
 * mismatch and an edited record as a different decision; neither is ever reported identical.
 */
public final class DecisionReplay {

    private final DecisionRecords records;
    private final SnapshotArchive archive;

    public DecisionReplay(DecisionRecords records, SnapshotArchive archive) {
        this.records = records;
        this.archive = archive;
    }

    /** The replay of the decision of event {@code eventId}; empty when that event is no recorded decision. */
    public Future<Optional<ReplayResult>> replay(long eventId) {
        return records.find(eventId).recover(e -> e instanceof IllegalArgumentException
                ? Future.failedFuture(new Unparsable(e.getMessage())) : Future.failedFuture(e)).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            RecordedDecision r = found.get();
            long version = r.decision().snapshotVersion();
            return archive.load(version).map(archived -> {
                RecordedDecision withHash = new RecordedDecision(r.request(), r.pinMatched(), r.before(), r.decision(),
                        archived.map(SnapshotArchive.Archived::storedHash).orElse(null));
                // a version missing from the store is missing, whatever this gateway still has compiled
                SnapshotSource source = archived.isPresent() ? archive : v -> Optional.empty();
                return Optional.of(Replay.replay(source, withHash));
            }).recover(e -> e instanceof IllegalArgumentException
                    ? Future.succeededFuture(Optional.of(new ReplayResult(r, null, false,
                            "the archived policy of version " + version + " does not compile: " + e.getMessage())))
                    : Future.failedFuture(e));
        }).recover(e -> e instanceof Unparsable
                ? Future.succeededFuture(Optional.of(new ReplayResult(null, null, false, e.getMessage())))
                : Future.failedFuture(e));
    }

    /** A stored record that no longer parses: reported as a problem of that decision, not as a server error. */
    private static final class Unparsable extends RuntimeException {
        Unparsable(String message) {
            super(message, null, false, false);
        }
    }
}
