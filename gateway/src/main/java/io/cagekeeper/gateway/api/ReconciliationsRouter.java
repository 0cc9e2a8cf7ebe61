package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.reconcile.Reconciliations;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reconciliations for auditors: ask for one over a period (it runs in the background), follow it, fetch
 * its files byte for byte as stored (with their SHA-256), and sign it off as preparer and reviewer.
 * Asking and signing are audited.
 */
public final class ReconciliationsRouter implements ApiResource {

    private final Reconciliations reconciliations;
    private final AuditTrail audit;

    public ReconciliationsRouter(Reconciliations reconciliations, AuditTrail audit) {
        this.reconciliations = reconciliations;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listReconciliations", this::list).on("runReconciliation", this::run).on("getReconciliation", this::get)
                .on("getReconciliationFile", this::file).on("signOffReconciliation", this::signOff)
                .on("disposeReconciliationException", this::dispose);
    }

    private void list(RoutingContext ctx) {
        String before = Operations.query(ctx, "before");
        Replies.reply(ctx, 200, reconciliations.list(before == null ? null : Long.valueOf(before), EventsRouter.limit(ctx))
                .map(rows -> new JsonObject().put("reconciliations", rows)), "reconciliations unavailable");
    }

    private void run(RoutingContext ctx) {
        JsonObject body = Operations.body(ctx);
        Future<JsonObject> asked = instant(body.getString("from"), "from").compose(from -> instant(body.getString("to"), "to")
                .compose(to -> reconciliations.request(from, to, "api", Operations.actor(ctx).id())))
                .compose(r -> audit.record(Replies.done(ctx, "reconciliations", Long.toString(r.getLong("id")), null, r)).map(r));
        Replies.reply(ctx, 202, asked, "reconciliations unavailable");
    }

    private void get(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        Replies.reply(ctx, 200, reconciliations.find(id).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
                : Future.failedFuture(new BadRequest(404, "no reconciliation " + id))), "reconciliations unavailable");
    }

    private void file(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        String name = Operations.path(ctx, "file");
        reconciliations.files(id).onComplete(ar -> {
            if (ar.failed()) {
                ApiErrors.error(ctx, 503, "reconciliations unavailable");
                return;
            }
            if (ar.result().isEmpty()) {
                ApiErrors.error(ctx, 404, "reconciliation " + id + " has no finished report");
                return;
            }
            var stored = ar.result().get();
            boolean shared = name.contains("shareable");
            var files = shared ? stored.shareable() : stored.full();
            if (files == null) {
                ApiErrors.error(ctx, 404, "reconciliation " + id + " has no shareable variant");
                return;
            }
            byte[] bytes;
            String type;
            switch (name.replace("-shareable", "")) {
                case "report.json" -> {
                    bytes = files.json();
                    type = "application/json";
                }
                case "exceptions.csv" -> {
                    bytes = files.csv().getBytes(StandardCharsets.UTF_8);
                    type = "text/csv; charset=utf-8";
                }
                case "report.sig" -> {
                    bytes = files.signature().getBytes(StandardCharsets.UTF_8);
                    type = "application/json";
                }
                case "evidence.txt" -> {
                    bytes = files.evidence().getBytes(StandardCharsets.UTF_8);
                    type = "text/plain; charset=utf-8";
                }
                default -> {
                    bytes = files.pdf();
                    type = "application/pdf";
                }
            }
            ctx.response().setStatusCode(200).putHeader("content-type", type)
                    .putHeader("content-disposition", "attachment; filename=\"reconciliation-" + id + "-" + name + "\"")
                    .putHeader("x-content-sha256", io.cagekeeper.reconciliation.report.Hashes.sha256(bytes))
                    .putHeader("cache-control", "no-store").end(Buffer.buffer(bytes));
        });
    }

    private void signOff(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        JsonObject body = Operations.body(ctx);
        Future<JsonObject> signed = reconciliations.signOff(id, body.getString("role"), Operations.actor(ctx).id(), body.getString("comment"))
                .compose(s -> audit.record(Replies.done(ctx, "reconciliations", Long.toString(id), null, s)).map(s));
        Replies.reply(ctx, 201, signed, "reconciliations unavailable");
    }

    private void dispose(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        String exception = Operations.path(ctx, "exceptionId");
        JsonObject body = Operations.body(ctx);
        Future<JsonObject> done = reconciliations.dispose(id, exception, body.getString("disposition"), Operations.actor(ctx).id(),
                body.getString("comment")).compose(d -> audit.record(Replies.done(ctx, "reconciliations", id + "/" + exception, null, d)).map(d));
        Replies.reply(ctx, 201, done, "reconciliations unavailable");
    }

    private static Future<Instant> instant(String s, String name) {
        try {
            return Future.succeededFuture(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException | NullPointerException e) {
            return Future.failedFuture(new BadRequest(name + " must be a date-time with an offset, e.g. 2026-12-01T00:00:00Z"));
        }
    }
}
