package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditEntry;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.http.SecurityHeaders;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSV file sent as it is produced (chunked), and the audit row that says who took what: every
 * export is recorded when it ends, with the filters it was asked with and the number of rows sent,
 * before the response ends, so that a download the trail does not hold never completes. An export
 * that fails midway (the database, the client going away) is recorded as FAILED with the rows sent
 * so far and its connection is reset, so a truncated file is never taken for a whole one.
 */
final class CsvDownload {

    private static final Logger LOG = LoggerFactory.getLogger(CsvDownload.class);

    private CsvDownload() {
    }

    /**
     * Starts the response (200, text/csv, an attachment named {@code name-<time>.csv}, the header
     * record), lets {@code body} write the rows and answer how many, then writes the audit row and ends.
     */
    static void send(RoutingContext ctx, AuditTrail audit, String resource, String name, List<String> header, JsonObject filters,
                     Function<HttpServerResponse, Future<Long>> body) {
        stream(ctx, audit, resource, name + ".csv", "text/csv; charset=utf-8", filters, r -> {
            r.write(CsvLines.line(header.toArray(new String[0])));
            return body.apply(r);
        }, rows -> null);
    }

    /**
     * The same for any text format: {@code file} is the attachment's name ({@code events.jsonl} is sent as
     * {@code events-<time>.jsonl}); {@code tail}, given the row count once every row is written, answers
     * what ends the file (a signed trailer) or null, written before the audit row.
     */
    static void stream(RoutingContext ctx, AuditTrail audit, String resource, String file, String contentType, JsonObject filters,
                       Function<HttpServerResponse, Future<Long>> body, Function<Long, String> tail) {
        HttpServerResponse r = ctx.response();
        SecurityHeaders.apply(r);
        String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        int dot = file.lastIndexOf('.');
        r.setStatusCode(200).setChunked(true)
                .putHeader("content-type", contentType)
                .putHeader("content-disposition", "attachment; filename=\"" + file.substring(0, dot) + "-" + stamp + file.substring(dot) + "\"")
                .putHeader("cache-control", "no-store");
        body.apply(r).map(n -> {
            String end = tail.apply(n);
            if (end != null) {
                r.write(end);
            }
            return n;
        }).onComplete(ar -> {
            long rows = ar.succeeded() ? ar.result() : -1;
            JsonObject after = new JsonObject().put("filters", filters).put("rows", rows);
            AuditEntry done = Replies.done(ctx, resource, null, null, after);
            AuditEntry entry = ar.succeeded() ? done : new AuditEntry(done.actor(), done.address(), done.action(), resource, null,
                    "FAILED", 500, null, after, "export failed: " + ar.cause().getMessage(), done.requestId());
            audit.record(entry).onComplete(written -> {
                if (ar.succeeded() && written.succeeded()) {
                    r.end();
                    return;
                }
                LOG.warn("{} export by {} ended early: {}", resource, done.actor(),
                        ar.failed() ? ar.cause().getMessage() : "audit row not written: " + written.cause().getMessage());
                r.reset();
            });
        });
    }
}
