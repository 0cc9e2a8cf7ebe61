package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.alarms.AlarmStore;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** Alarms: the list, and the desk acknowledging or clearing one with a comment, as the authenticated operator. */
public final class AlarmsRouter implements ApiResource {

    private final AlarmStore alarms;
    private final AuditTrail audit;

    public AlarmsRouter(AlarmStore alarms, AuditTrail audit) {
        this.alarms = alarms;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listAlarms", this::list)
                .on("acknowledgeAlarm", ctx -> act(ctx, true))
                .on("clearAlarm", ctx -> act(ctx, false));
    }

    /** Alarms newest first, filtered; {@code before} (an alarm id) pages back to older ones. */
    private void list(RoutingContext ctx) {
        String state = upper(Operations.query(ctx, "state"));
        String from = Operations.query(ctx, "from");
        String to = Operations.query(ctx, "to");
        String before = Operations.query(ctx, "before");
        String limit = Operations.query(ctx, "limit");
        var filter = new AlarmStore.Filter(state, upper(Operations.query(ctx, "severity")), Operations.query(ctx, "type"),
                Operations.query(ctx, "source"), instant(from, "from"), instant(to, "to"),
                before == null ? null : Long.valueOf(before), limit == null ? 500 : Integer.parseInt(limit));
        Replies.reply(ctx, 200, alarms.list(filter).map(rows -> new JsonObject().put("alarms", rows)), "alarm store unavailable");
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static java.time.Instant instant(String s, String name) {
        try {
            return s == null ? null : java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequest(name + " must be a date-time with an offset, e.g. 2026-12-01T08:00:00Z");
        }
    }

    private void act(RoutingContext ctx, boolean acknowledge) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        String by = Operations.actor(ctx).id();
        String comment = Operations.body(ctx).getString("comment");
        Future<JsonObject> result = (acknowledge ? alarms.acknowledge(id, by, comment) : alarms.clear(id, by, comment))
                .compose(done -> done ? Future.succeededFuture(true) : alarms.exists(id).map(known -> known ? false : null))
                .compose(done -> {
                    if (done == null) {
                        return Future.failedFuture(new BadRequest(404, "no such alarm"));
                    }
                    if (!done) {
                        return Future.failedFuture(new BadRequest(409, acknowledge
                                ? "alarm is not active (already acknowledged or cleared)" : "alarm is already cleared"));
                    }
                    JsonObject after = new JsonObject().put("id", id).put("state", acknowledge ? "ACKNOWLEDGED" : "CLEARED");
                    return audit.record(Replies.done(ctx, "alarms", Long.toString(id), null, after.copy().put("comment", comment)))
                            .map(after);
                });
        Replies.reply(ctx, 200, result, "alarm store unavailable");
    }
}
