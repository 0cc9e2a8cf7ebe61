package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.NoteKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a checkpoint of the log (C2SP tlog-checkpoint, one signature line per key) every period when
 * the log grew, and at stop, and keeps it in three places: {@code tlog_checkpoints}, a directory
 * outside the database ({@code checkpoint}: the latest; {@code checkpoints-YYYY-MM-DD.jsonl}: every
 * one, a JSON line each) and the {@code GET /log/checkpoint} endpoint. Whoever copied an older one
 * (a monitor, an auditor, a backup) can then prove that the database and its checkpoints were not
 * rewritten together. Signing runs on a worker thread, never on the badge path.
 */
public final class CheckpointPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);
    private static final String INSERT = "INSERT INTO tlog_checkpoints (size, root, note) VALUES ($1, $2, $3) RETURNING id";
    private static final String LATEST = "SELECT id, size, note FROM tlog_checkpoints ORDER BY id DESC LIMIT 1";
    private static final String AT_SIZE = "SELECT note FROM tlog_checkpoints WHERE size = $1 ORDER BY id DESC LIMIT 1";

    private final Vertx vertx;
    private final Pool pool;
    private final LogAppender log;
    private final String origin;
    private final List<NoteKey> signers;
    private final Path dir;
    private final CheckpointStamps stamps;
    private volatile String latest;
    private long latestSize = -1;
    private long latestId = -1;
    private long timer = -1;
    private Future<Void> inFlight = Future.succeededFuture();

    /**
     * @param signers the site key first; more keys add signature lines (a second key during a rotation)
     * @param stamps  the RFC 3161 countersignatures, asked for each checkpoint off this chain (a TSA never delays one)
     */
    public CheckpointPublisher(Vertx vertx, Pool pool, LogAppender log, String origin, List<NoteKey> signers, Path dir,
                               CheckpointStamps stamps) {
        this.stamps = stamps;
        this.vertx = vertx;
        this.pool = pool;
        this.log = log;
        this.origin = origin;
        this.signers = List.copyOf(signers);
        this.dir = dir;
    }

    /** Reads the latest checkpoint, publishes one now if the log grew since, then every {@code periodMs}. */
    public Future<Void> start(long periodMs) {
        return pool.query(LATEST).execute().compose(rows -> {
            if (rows.size() > 0) {
                Row r = rows.iterator().next();
                latestSize = r.getLong("size");
                latest = r.getString("note");
                latestId = r.getLong("id");
            }
            timer = vertx.setPeriodic(periodMs, t -> publishIfGrown()
                    .onFailure(e -> LOG.warn("verifiable log: checkpoint not written: {}", e.getMessage()))
                    .onComplete(ar -> stampLatest()));
            return stamps.load().compose(v -> publishIfGrown()).onSuccess(v -> stampLatest());
        });
    }

    /** Asks for the latest checkpoint's time-stamp if it has none yet (the TSA was down when it was signed). */
    private synchronized void stampLatest() {
        if (latestId >= 0) {
            stamps.ensure(latestId, latestSize, latest);
        }
    }

    /** Stops the timer; the caller publishes a last checkpoint after the appender's final batch. */
    public void stopTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The latest signed checkpoint note (null before the first). */
    public String latest() {
        return latest;
    }

    /** The latest note signed at exactly {@code size} leaves, if any. */
    public Future<String> atSize(long size) {
        return pool.preparedQuery(AT_SIZE).execute(Tuple.of(size))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("note"));
    }

    /** Signs and stores a checkpoint if the log grew since the last one (or there is none yet). */
    public synchronized Future<Void> publishIfGrown() {
        Future<Void> next = inFlight.otherwiseEmpty().compose(v -> {
            LogHead head = log.head();
            if (head == null || head.size() == latestSize) {
                return Future.succeededFuture();
            }
            Checkpoint c = new Checkpoint(origin, head.size(), head.root());
            return vertx.executeBlocking(() -> c.sign(signers).encode(), false)
                    .compose(note -> pool.preparedQuery(INSERT).execute(Tuple.of(head.size(), Buffer.buffer(head.root()), note))
                            .compose(rows -> vertx.executeBlocking(() -> {
                                writeFiles(note);
                                return rows.iterator().next().getLong("id");
                            }, false))
                            .map(id -> {
                                synchronized (this) {
                                    latest = note;
                                    latestSize = head.size();
                                    latestId = id;
                                }
                                stamps.ensure(id, head.size(), note);
                                return null;
                            }));
        });
        inFlight = next;
        return next;
    }

    private void writeFiles(String note) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("checkpoint.tmp");
        Files.writeString(tmp, note, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Instant now = Instant.now();
        String line = new JsonObject().put("signedAt", now.toString()).put("note", note).encode() + "\n";
        Files.writeString(dir.resolve("checkpoints-" + now.toString().substring(0, 10) + ".jsonl"), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
