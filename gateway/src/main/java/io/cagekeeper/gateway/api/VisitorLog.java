package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.http.SecurityHeaders;
import io.cagekeeper.gateway.policy.VisitStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /api/visits/log}: the visitor log PCI DSS v4 9.3.4 and NIST SP 800-53 PE-8 ask for —
 * the visitor's name and organization, who authorized the visit, the type of ID checked, entry and
 * exit (check-in and check-out), purpose, host and escort — for the visits present in [from, to), as
 * JSON or CSV. A CSV cell that a spreadsheet would run as a formula is prefixed with {@code '}.
 */
final class VisitorLog {

    /** At most this many visits per answer (a year of a busy site's visitors); {@code truncated} says when more matched. */
    static final int MAX_ROWS = 10_000;
    static final Duration LONGEST_RANGE = Duration.ofDays(366);
    static final List<String> COLUMNS = List.of("visitId", "visitorName", "organization", "visitorPersonId", "hostPersonId", "hostName",
            "escortPersonId", "escortName", "purpose", "zoneId", "authorizedBy", "authorizedByName", "authorizedAt", "idDocumentType",
            "entryAt", "checkedInBy", "exitAt", "checkedOutBy", "overdueAt", "visitorCredentialId", "state");

    private final VisitStore visits;

    VisitorLog(VisitStore visits) {
        this.visits = visits;
    }

    void handle(RoutingContext ctx) {
        Instant until = PolicyChanges.time(Operations.query(ctx, "to"), "to");
        Instant to = until == null ? Instant.now() : until;
        Instant since = PolicyChanges.time(Operations.query(ctx, "from"), "from");
        Instant from = since == null ? to.minus(Duration.ofDays(30)) : since;
        if (!from.isBefore(to)) {
            throw new BadRequest(422, "from must be before to");
        }
        if (Duration.between(from, to).compareTo(LONGEST_RANGE) > 0) {
            throw new BadRequest(422, "at most " + LONGEST_RANGE.toDays() + " days per request");
        }
        boolean csv = "csv".equals(Operations.query(ctx, "format"));
        visits.log(from, to, MAX_ROWS).onComplete(ar -> {
            if (ar.failed()) {
                Replies.reply(ctx, 200, io.vertx.core.Future.failedFuture(ar.cause()), "visitor log unavailable");
            } else if (csv) {
                SecurityHeaders.apply(ctx.response());
                ctx.response().setStatusCode(200).putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"visitor-log.csv\"")
                        .putHeader("cache-control", "no-store").end(csv(ar.result()));
            } else {
                ApiErrors.json(ctx, 200, new JsonObject().put("from", from.toString()).put("to", to.toString())
                        .put("truncated", ar.result().size() >= MAX_ROWS).put("visits", new JsonArray(ar.result())));
            }
        });
    }

    static String csv(List<JsonObject> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get())) {
            for (JsonObject r : rows) {
                for (String c : COLUMNS) {
                    p.print(cell(r.getValue(c)));
                }
                p.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A value as a CSV cell that no spreadsheet evaluates (CSV injection: =, +, -, @, tab, CR first). */
    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = String.valueOf(v);
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }
}
