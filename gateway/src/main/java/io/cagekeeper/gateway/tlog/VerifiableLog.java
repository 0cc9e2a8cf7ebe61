package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.api.LogRouter;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifiable log as the gateway runs it: the appender (every 100 ms), the checkpoints (every
 * 10 s when the log grew, and at stop) and the API. Started after the stores, stopped after the event
 * log (so its last events get their leaves and a checkpoint) and before the pool.
 */
public final class VerifiableLog {

    private static final Logger LOG = LoggerFactory.getLogger(VerifiableLog.class);
    static final long APPEND_MS = 100;
    static final long CHECKPOINT_MS = 10_000;

    private final Vertx vertx;
    private final Pool pool;
    private final NoteKey key;
    private final LogAppender appender;
    private final CheckpointPublisher checkpoints;
    private final CheckpointStamps stamps;

    private VerifiableLog(Vertx vertx, Pool pool, NoteKey key, LogAppender appender, CheckpointPublisher checkpoints,
                          CheckpointStamps stamps) {
        this.stamps = stamps;
        this.vertx = vertx;
        this.pool = pool;
        this.key = key;
        this.appender = appender;
        this.checkpoints = checkpoints;
    }

    /** @param key the site's log-signing key ({@link LogKey#loadOrCreate}) */
    public static Future<VerifiableLog> start(Vertx vertx, Pool pool, GatewayConfig.Evidence config, NoteKey key,
                                              io.cagekeeper.gateway.access.Metrics metrics) {
        return Future.succeededFuture(key).compose(k -> {
            LOG.info("verifiable log '{}': checkpoints signed by {} (verifier key in {}), also written to {}", config.origin(),
                    key.verifierKey(), LogKey.publicFile(config.keyFile()), config.checkpointDir());
            LogAppender appender = new LogAppender(vertx, pool);
            if (config.tsa() != null) {
                LOG.info("verifiable log: each checkpoint is time-stamped by {} (certificate {})", config.tsa().url(),
                        config.tsa().cert().getSubjectX500Principal().getName());
            }
            CheckpointStamps stamps = new CheckpointStamps(vertx, pool, config.tsa() == null ? null : new TsaClient(config.tsa()),
                    config.checkpointDir(), metrics);
            CheckpointPublisher checkpoints = new CheckpointPublisher(vertx, pool, appender, config.origin(), List.of(key),
                    config.checkpointDir(), stamps);
            return appender.load().compose(head -> {
                appender.start(APPEND_MS);
                return appender.drain();
            }).compose(v -> checkpoints.start(CHECKPOINT_MS))
                    .map(v -> new VerifiableLog(vertx, pool, key, appender, checkpoints, stamps));
        });
    }

    /** Appends what waits and signs a last checkpoint. */
    public Future<Void> stop() {
        checkpoints.stopTimer();
        return appender.stop().compose(head -> checkpoints.publishIfGrown());
    }

    public LogAppender appender() {
        return appender;
    }

    public CheckpointPublisher checkpoints() {
        return checkpoints;
    }

    /** The checkpoints' RFC 3161 time-stamps (none asked for when no TSA is configured). */
    public CheckpointStamps stamps() {
        return stamps;
    }

    public NoteKey key() {
        return key;
    }

    /** The API of the log; verify-log connects as {@code db} (the gateway's own, read-enough role). */
    public LogRouter router(PgEndpoint db) {
        return new LogRouter(checkpoints, stamps, new LogProofs(pool, appender, checkpoints), new LogVerification(vertx, db, key));
    }
}
