package io.cagekeeper.gateway.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.util.function.BiConsumer;

/**
 * Streams the rows of a query into an HTTP response without holding them: a PostgreSQL cursor (a
 * {@link RowStream} in a read-only transaction) fetches {@value #FETCH} rows at a time, each is
 * formatted into a text chunk, and a chunk of about {@value #CHUNK} characters is written to the
 * response. When the response's write queue is full (a slow client, a slow network) the cursor is
 * paused until it drains, so memory stays bounded by the fetch size plus the queue whatever the
 * number of rows (an export of ten million events holds a few hundred KiB). A client that goes
 * away ends the cursor and its transaction at once.
 */
public final class RowPipe {

    /** Rows fetched per round trip of the cursor. */
    static final int FETCH = 5_000;
    /** Characters gathered before a write to the response. */
    static final int CHUNK = 64 * 1024;

    private RowPipe() {
    }

    /**
     * Writes every row of {@code sql} to {@code out} through {@code format} (which appends the row's
     * text to the chunk), in the query's order; completes with the row count when the last chunk is
     * written, fails when the query, the database or the response fails. Does not end the response.
     */
    public static Future<Long> pipe(Pool pool, String sql, Tuple params, BiConsumer<Row, StringBuilder> format,
                                    HttpServerResponse out) {
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION READ ONLY").execute()
                .compose(v -> conn.prepare(sql))
                .compose(ps -> {
                    Promise<Long> done = Promise.promise();
                    RowStream<Row> stream = ps.createStream(FETCH, params);
                    StringBuilder chunk = new StringBuilder(CHUNK + 4096);
                    long[] rows = {0};
                    out.closeHandler(v -> done.tryFail("the client closed the connection after " + rows[0] + " rows"));
                    out.exceptionHandler(done::tryFail);
                    stream.exceptionHandler(done::tryFail);
                    stream.handler(row -> {
                        if (done.future().isComplete()) {
                            return;
                        }
                        format.accept(row, chunk);
                        rows[0]++;
                        if (chunk.length() >= CHUNK) {
                            write(out, chunk);
                            if (out.writeQueueFull()) {
                                stream.pause();
                                out.drainHandler(d -> stream.resume());
                            }
                        }
                    });
                    stream.endHandler(v -> {
                        if (!done.future().isComplete() && chunk.length() > 0) {
                            write(out, chunk);
                        }
                        done.tryComplete(rows[0]);
                    });
                    return done.future().eventually(() -> stream.close().otherwiseEmpty()
                            .compose(x -> ps.close().otherwiseEmpty()));
                }));
    }

    private static void write(HttpServerResponse out, StringBuilder chunk) {
        out.write(Buffer.buffer(chunk.toString()));
        chunk.setLength(0);
    }
}
