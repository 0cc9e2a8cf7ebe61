package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.http.ApiErrors;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.tlog.CheckpointPublisher;
import io.cagekeeper.gateway.tlog.CheckpointStamps;
import io.cagekeeper.gateway.tlog.LogProofs;
import io.cagekeeper.gateway.tlog.LogVerification;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The verifiable log (docs/evidence.md): the latest signed checkpoint and consistency proofs for anyone
 * (a monitor polls them; they reveal only hashes), inclusion proofs and verify-log for auditors.
 */
public final class LogRouter implements ApiResource {

    private final CheckpointPublisher checkpoints;
    private final CheckpointStamps stamps;
    private final LogProofs proofs;
    private final LogVerification verification;

    public LogRouter(CheckpointPublisher checkpoints, CheckpointStamps stamps, LogProofs proofs, LogVerification verification) {
        this.checkpoints = checkpoints;
        this.stamps = stamps;
        this.proofs = proofs;
        this.verification = verification;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("getLogCheckpoint", this::checkpoint).on("getLogConsistency", this::consistency)
                .on("getLogTimestamp", this::timestamp)
                .on("getLogInclusion", this::inclusion).on("verifyLog", this::verify);
    }

    private void checkpoint(RoutingContext ctx) {
        String note = checkpoints.latest();
        if (note == null) {
            ApiErrors.error(ctx, 503, "no checkpoint yet");
            return;
        }
        ctx.response().setStatusCode(200).putHeader("content-type", "text/plain; charset=utf-8")
                .putHeader("cache-control", "no-store").end(note);
    }

    /** The latest time-stamped checkpoint (or the latest at {@code size}) with its RFC 3161 token, for monitors and auditors. */
    private void timestamp(RoutingContext ctx) {
        Replies.reply(ctx, 200, number(ctx, "size", -1L).compose(size -> stamps.find(size < 0 ? null : size)).map(found -> {
            if (found == null) {
                throw new BadRequest(404, "no time-stamped checkpoint" + (Operations.query(ctx, "size") == null ? "" : " of that size"));
            }
            return found;
        }), "log unavailable");
    }

    private void consistency(RoutingContext ctx) {
        Replies.reply(ctx, 200, number(ctx, "from", null).compose(from -> number(ctx, "to", null)
                .compose(to -> proofs.consistency(from, to))), "log unavailable");
    }

    private void inclusion(RoutingContext ctx) {
        String kind = Operations.query(ctx, "kind");
        Replies.reply(ctx, 200, number(ctx, "id", null).compose(id -> number(ctx, "size", -1L)
                .compose(size -> proofs.inclusion(kind == null ? "event" : kind, id, size < 0 ? null : size))), "log unavailable");
    }

    private void verify(RoutingContext ctx) {
        Future<JsonObject> report = number(ctx, "from", 0L).compose(from -> number(ctx, "to", Long.MAX_VALUE)
                .compose(to -> verification.verify(from, to)).map(LogVerification::json));
        Replies.reply(ctx, 200, report, "log verification unavailable");
    }

    /** A non-negative whole-number query parameter ({@code fallback} when absent; required when that is null). */
    private static Future<Long> number(RoutingContext ctx, String name, Long fallback) {
        String v = Operations.query(ctx, name);
        if (v == null) {
            return fallback == null ? Future.failedFuture(new BadRequest(name + " is required")) : Future.succeededFuture(fallback);
        }
        if (!v.matches("[0-9]{1,18}")) {
            return Future.failedFuture(new BadRequest(name + " is a whole number"));
        }
        return Future.succeededFuture(Long.parseLong(v));
    }
}
