package io.cagekeeper.gateway.api;

import io.cagekeeper.evidence.SignedExport;
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
import java.util.HashMap;
import java.util.Map;

/** The event log: events by filter (a page, or all as CSV), the quarantine of events PostgreSQL refused, and replay of a recorded decision. */
public final class EventsRouter implements ApiResource {

    private final EventStore events;
    private final DurableEventLog eventLog;
    private final DecisionReplay replay;
    private final AuditTrail audit;

    private final PolicyHolder policy;
    private final ExportSigner signer;

    /** @param signer the site's log key and latest checkpoint, which sign the manifest of a signed export */
    public EventsRouter(EventStore events, DurableEventLog eventLog, DecisionReplay replay, AuditTrail audit, PolicyHolder policy,
                        ExportSigner signer) {
        this.events = events;
        this.signer = signer;
        this.policy = policy;
        this.eventLog = eventLog;
        this.replay = replay;
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listEvents", this::list)
                .on("exportEvents", this::export)
                .on("exportEventsSigned", this::exportSigned)
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
                out -> events.export(q, (cells, chunk) -> CsvLines.append(chunk, masked(cells, cards)), out));
    }

    /**
     * The same rows as {@link #export}, masked alike, as a signed export ({@link SignedExport}): a
     * canonical JSON line per event, numbered and chained, then the manifest (filters, order, rows,
     * body hash, the log's latest checkpoint, who and when) signed with the site's log key. Hashed as
     * it streams, so memory stays one chunk whatever the number of rows.
     */
    private void exportSigned(RoutingContext ctx) {
        EventQuery q = EventFilters.read(ctx, policy.current(), true, 0);
        Actor actor = Operations.actor(ctx);
        boolean cards = CardMask.seesCards(actor);
        JsonObject filters = Paging.given(ctx, EventFilters.NAMES);
        SignedExport export = new SignedExport();
        CsvDownload.stream(ctx, audit, "events", "events.jsonl", "application/jsonl; charset=utf-8", filters,
                out -> events.export(q, (cells, chunk) -> {
                    String[] shown = masked(cells, cards);
                    Map<String, String> row = new HashMap<>(EventStore.CSV_HEADER.size() * 2);
                    for (int i = 0; i < shown.length; i++) {
                        row.put(EventStore.CSV_HEADER.get(i), shown[i]);
                    }
                    export.append(row, chunk);
                }, out),
                rows -> signer.trailer(export, "events", filters.getMap(), q.oldestFirst() ? "oldest" : "newest", actor.id()));
    }

    /** The cells of an export row as {@code cards} says the caller may see them: the card and the sentence quoting it masked otherwise. */
    private static String[] masked(String[] cells, boolean cards) {
        if (!cards && cells[EventStore.CSV_CARD] != null) {
            cells[EventStore.CSV_SENTENCE] = CardMask.maskIn(cells[EventStore.CSV_SENTENCE], cells[EventStore.CSV_CARD]);
            cells[EventStore.CSV_CARD] = CardMask.mask(cells[EventStore.CSV_CARD]);
        }
        return cells;
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
