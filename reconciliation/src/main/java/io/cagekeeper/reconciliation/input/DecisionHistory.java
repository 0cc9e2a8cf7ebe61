package io.cagekeeper.reconciliation.input;

import io.cagekeeper.policy.replay.RecordedDecision;
import io.cagekeeper.policy.replay.SnapshotSource;
import java.util.Map;

/**
 * What POLICY_DRIFT re-judges logged decisions from: each decision as the gateway recorded it (request,
 * the engine state it read, the decision) and the policy of every version as stored. Only Cagekeeper's
 * own database has these (a foreign export has no policy to re-judge with), so the file path has none and
 * the report says so. Implementations block the calling thread (never an event loop).
 */
public interface DecisionHistory extends SnapshotSource, AutoCloseable {

    /**
     * The recorded decisions of those of {@code eventIds} that have one, by event id, each carrying the
     * content hash stored for its version (null when the version is not stored), so that an edited policy
     * shows as a mismatch. A record that no longer parses is absent from the map and named in
     * {@link #unparsable}.
     */
    Map<Long, RecordedDecision> recorded(long[] eventIds);

    /** Why the record of {@code eventId} could not be read back, or null when it could (or there is none). */
    String unparsable(long eventId);

    /** How the decisions were read, for the report's completeness section. */
    SourceStats stats();

    /** Releases what reading the history holds (a connection pool of its own); nothing by default. */
    @Override
    default void close() {
    }

    /** Opens the decision history of a Cagekeeper database; the module that knows its codecs (the gateway's) provides it. */
    @FunctionalInterface
    interface Opener {
        DecisionHistory open(io.vertx.pgclient.PgConnectOptions connect);
    }
}
