package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.access.DecisionReplay;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.events.DurableEventLog;
import io.cagekeeper.gateway.events.EventStore;
import io.cagekeeper.gateway.events.EventQuery;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.policy.PolicyHolder;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.policy.decision.Decision;
import io.cagekeeper.policy.replay.ReplayResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The event log: events by filter (a page, or all as CSV), the quarantine of events PostgreSQL refused, and replay of a recorded decision. */
public final class EventsRouter implements ApiResource {

    private final EventStore events;
    private final DurableEventLog eventLog;
    private final DecisionReplay replay;
    private final AuditTrail audit;

    private final PolicyHolder policy;

    public EventsRouter(EventStore events, DurableEventLog eventLog, DecisionReplay replay, AuditTrail audit, PolicyHolder policy) {
        this.events = events;
        this.policy = policy;
        this.eventLog = eventLog;
        this.replay = replay;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listEvents", this::list)
                .on("exportEvents", this::export)
                .on("listQuarantine", this::quarantine)
                .on("resolveQuarantined", this::resolveQuarantined)
                .on("replayEvent", this::replay);
    }

    static int limit(RoutingContext ctx) {
        String l = Operations.query(ctx, "limit");
        return l == null ? 100 : Integer.parseInt(l);
    }

    /** A page of events matching the filters, newest first unless {@code order=oldest}; card numbers as the caller may see them. */
    private void list(RoutingContext ctx) {
        EventQuery q = EventFilters.read(ctx, policy.current(), false, limit(ctx));
        Actor actor = Operations.actor(ctx);
        Replies.reply(ctx, 200, events.page(q).map(page -> {
            JsonArray shown = new JsonArray();
            page.events().forEach(e -> shown.add(CardMask.event((JsonObject) e, actor)));
            return new JsonObject().put("events", shown).put("order", q.oldestFirst() ? "oldest" : "newest")
                    .put("next", page.next() == null ? null : page.next().encode());
        }), "event store unavailable");
    }

    /** Every event matching the filters as CSV, oldest first unless {@code order=newest}, streamed; audited when it ends. */
    private void export(RoutingContext ctx) {
        EventQuery q = EventFilters.read(ctx, policy.current(), true, 0);
        boolean cards = CardMask.seesCards(Operations.actor(ctx));
        CsvDownload.send(ctx, audit, "events", "events", EventStore.CSV_HEADER, Paging.given(ctx, EventFilters.NAMES),
                out -> events.export(q, (cells, chunk) -> {
                    if (!cards && cells[EventStore.CSV_CARD] != null) {
                        cells[EventStore.CSV_SENTENCE] = CardMask.maskIn(cells[EventStore.CSV_SENTENCE], cells[EventStore.CSV_CARD]);
                        cells[EventStore.CSV_CARD] = CardMask.mask(cells[EventStore.CSV_CARD]);
                    }
                    CsvLines.append(chunk, cells);
                }, out));
    }

    /** The quarantine, newest first ({@code pending=true}: only what no operator has resolved). */
    private void quarantine(RoutingContext ctx) {
        boolean pending = "true".equals(Operations.query(ctx, "pending"));
        Replies.reply(ctx, 200, eventLog.quarantine().list(pending, limit(ctx)).map(rows -> new JsonObject().put("quarantined", rows)
                .put("waitingLocally", eventLog.waitingInQuarantineFile())), "quarantine unavailable");
    }

    /** An operator has looked at a quarantined event: recorded with their identity and comment; the entry is kept. */
    private void resolveQuarantined(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        String comment = Operations.body(ctx).getString("comment");
        String by = Operations.actor(ctx).id();
        Future<JsonObject> result = eventLog.quarantine().resolve(id, by, comment).compose(r -> {
            if (r.isEmpty()) {
                return Future.failedFuture(new BadRequest(404, "no such quarantine entry"));
            }
            if (!r.get()) {
                return Future.failedFuture(new BadRequest(409, "quarantine entry already resolved"));
            }
            JsonObject after = new JsonObject().put("id", id).put("resolved", true);
            return audit.record(Replies.done(ctx, "events", "quarantine:" + id, null, after.copy().put("comment", comment))).map(after);
        });
        Replies.reply(ctx, 200, result, "quarantine unavailable");
    }

    private void replay(RoutingContext ctx) {
        long id = Long.parseLong(Operations.path(ctx, "id"));
        Replies.reply(ctx, 200, replay.replay(id).map(found -> {
            ReplayResult r = found.orElseThrow(() -> new BadRequest(404, "no recorded decision for event " + id));
            return new JsonObject().put("identical", r.identical())
                    .put("recorded", r.recorded() == null ? null : decision(r.recorded().decision()))
                    .put("replayed", r.replayed() == null ? null : decision(r.replayed()))
                    .put("snapshotVersion", r.recorded() == null ? null : r.recorded().decision().snapshotVersion())
                    .put("problem", r.problem());
        }), "event store unavailable");
    }

    private static JsonObject decision(Decision d) {
        JsonArray reasons = new JsonArray();
        d.reasons().forEach(x -> reasons.add(x.name()));
        return new JsonObject().put("result", d.result().name()).put("reasons", reasons).put("decidedBy", d.decidedBy());
    }
}
