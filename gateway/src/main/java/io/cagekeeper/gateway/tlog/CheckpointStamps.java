package io.cagekeeper.gateway.tlog;

import io.cagekeeper.gateway.access.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 3161 countersignatures of the checkpoints, when a time-stamping authority is configured: the
 * latest checkpoint that has no token yet is sent to the TSA ({@link TsaClient}, asynchronous, bounded by
 * its timeout) when it is signed and again every checkpoint period until one comes back, so a TSA outage
 * costs tokens for its duration and never a checkpoint or a leaf. A token is kept in {@code tlog_timestamps}
 * (append-only), in the checkpoint directory ({@code checkpoint-timestamped} and
 * {@code checkpoint-timestamped.tst}: the latest pair; {@code timestamps-YYYY-MM-DD.jsonl}: every one, with its
 * note) and at {@code GET /api/log/timestamp}. While the TSA fails, {@link #warning()} says so (the health
 * endpoint lists it) and the metric {@code tlog.timestamp.failed} counts the failures.
 */
public final class CheckpointStamps {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStamps.class);
    private static final String INSERT = "INSERT INTO tlog_timestamps (checkpoint_id, token, gen_time) VALUES ($1, $2, $3)";
    private static final String STAMPED = "SELECT max(checkpoint_id) AS id FROM tlog_timestamps";
    private static final String LATEST = """
            SELECT c.size, c.note, t.token, t.gen_time FROM tlog_timestamps t JOIN tlog_checkpoints c ON c.id = t.checkpoint_id
            ORDER BY t.checkpoint_id DESC, t.id DESC LIMIT 1""";
    private static final String AT_SIZE = """
            SELECT c.size, c.note, t.token, t.gen_time FROM tlog_timestamps t JOIN tlog_checkpoints c ON c.id = t.checkpoint_id
            WHERE c.size = $1 ORDER BY t.checkpoint_id DESC, t.id DESC LIMIT 1""";

    private final Vertx vertx;
    private final Pool pool;
    private final TsaClient tsa;
    private final Path dir;
    private final Metrics metrics;
    private long stampedId = -1;
    private boolean inFlight;
    /** A later checkpoint asked for while a request was under way. */
    private Asked waiting;

    private record Asked(long id, long size, String note) {
    }
    private volatile String warning;

    /** @param tsa null: no TSA configured, nothing is ever sent */
    public CheckpointStamps(Vertx vertx, Pool pool, TsaClient tsa, Path dir, Metrics metrics) {
        this.vertx = vertx;
        this.pool = pool;
        this.tsa = tsa;
        this.dir = dir;
        this.metrics = metrics;
    }

    /** No TSA: checkpoints go without time-stamps (tools and tests that run a log of their own). */
    public static CheckpointStamps off(Vertx vertx, Pool pool) {
        return new CheckpointStamps(vertx, pool, null, null, new Metrics());
    }

    /** Reads which checkpoint was stamped last. */
    public Future<Void> load() {
        return pool.query(STAMPED).execute().map(rows -> {
            Long id = rows.iterator().next().getLong("id");
            synchronized (this) {
                stampedId = id == null ? -1 : id;
            }
            return null;
        });
    }

    /** Why the latest checkpoint has no time-stamp (null while the TSA answers, or when none is configured). */
    public String warning() {
        return warning;
    }

    /** Sends checkpoint {@code id} to the TSA unless it (or a later one) has a token or a request is under way; never fails. */
    public void ensure(long id, long size, String note) {
        synchronized (this) {
            if (tsa == null || id <= stampedId) {
                return;
            }
            if (inFlight) {
                waiting = new Asked(id, size, note); // asked for as soon as the request under way ends
                return;
            }
            inFlight = true;
        }
        Context ctx = vertx.getOrCreateContext();
        Future.fromCompletionStage(tsa.stamp(note.getBytes(StandardCharsets.UTF_8)), ctx)
                .compose(t -> pool.preparedQuery(INSERT).execute(Tuple.of(id, Buffer.buffer(t.der()),
                                t.stamp().genTime().atOffset(ZoneOffset.UTC)))
                        .compose(v -> vertx.executeBlocking(() -> {
                            writeFiles(size, note, t);
                            return t;
                        }, false)))
                .onComplete(ar -> {
                    Asked next;
                    synchronized (this) {
                        inFlight = false;
                        if (ar.succeeded()) {
                            stampedId = Math.max(stampedId, id);
                        }
                        next = waiting;
                        waiting = null;
                    }
                    if (next != null) {
                        ensure(next.id(), next.size(), next.note());
                    }
                    if (ar.succeeded()) {
                        warning = null;
                        metrics.increment("tlog.timestamp.granted");
                    } else {
                        String why = reason(ar.cause());
                        warning = "the checkpoint of " + size + " leaves has no RFC 3161 time-stamp: " + why
                                + " (tried again every checkpoint period)";
                        metrics.increment("tlog.timestamp.failed");
                        LOG.warn("verifiable log: {}", warning);
                    }
                });
    }

    /** One line on why no token came back (the HTTP client wraps its failures; a refused connection has no message). */
    static String reason(Throwable failure) {
        Throwable e = failure;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof java.util.concurrent.TimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "the TSA did not answer in time";
        }
        if (e instanceof IOException) {
            return "the TSA could not be reached (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
        return String.valueOf(e.getMessage());
    }

    /** The latest time-stamped checkpoint ({@code size} null), or the latest at {@code size}: size, note, base64 token, genTime; null if none. */
    public Future<JsonObject> find(Long size) {
        Future<RowSet<Row>> rows = size == null ? pool.query(LATEST).execute() : pool.preparedQuery(AT_SIZE).execute(Tuple.of(size));
        return rows.map(rs -> {
            if (rs.size() == 0) {
                return null;
            }
            Row r = rs.iterator().next();
            return new JsonObject().put("size", r.getLong("size")).put("note", r.getString("note"))
                    .put("token", Base64.getEncoder().encodeToString(r.getBuffer("token").getBytes()))
                    .put("genTime", r.getOffsetDateTime("gen_time").toInstant().toString());
        });
    }

    private synchronized void writeFiles(long size, String note, TsaClient.Token t) throws IOException {
        Files.createDirectories(dir);
        // one request at a time, for a later checkpoint each time: the pair is the newest
        replace("checkpoint-timestamped", note.getBytes(StandardCharsets.UTF_8));
        replace("checkpoint-timestamped.tst", t.der());
        String line = new JsonObject().put("size", size).put("genTime", t.stamp().genTime().toString()).put("note", note)
                .put("token", Base64.getEncoder().encodeToString(t.der())).encode() + "\n";
        Files.writeString(dir.resolve("timestamps-" + t.stamp().genTime().toString().substring(0, 10) + ".jsonl"), line,
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void replace(String name, byte[] content) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
