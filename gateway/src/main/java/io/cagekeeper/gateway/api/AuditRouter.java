package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditQuery;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.http.Operations;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * The audit trail for auditors and administrators: a page by filter (keyset paging, newest first by
 * default) or every matching row as CSV, streamed (oldest first by default); an export is audited too.
 */
public final class AuditRouter implements ApiResource {

    private static final List<String> FILTERS = List.of("from", "to", "actor", "resource", "resourceId", "action", "outcome",
            "order", "after");

    private final AuditTrail audit;

    public AuditRouter(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listAudit", this::list).on("exportAudit", this::export);
    }

    private void list(RoutingContext ctx) {
        AuditQuery q = query(ctx, false, EventsRouter.limit(ctx));
        Replies.reply(ctx, 200, audit.page(q).map(page -> new JsonObject().put("audit", page.rows())
                .put("order", q.oldestFirst() ? "oldest" : "newest")
                .put("next", page.next() == null ? null : page.next().encode())), "audit trail unavailable");
    }

    private void export(RoutingContext ctx) {
        AuditQuery q = query(ctx, true, 0);
        CsvDownload.send(ctx, audit, "audit", "audit-trail", AuditTrail.CSV_HEADER, Paging.given(ctx, FILTERS),
                out -> audit.export(q, (cells, chunk) -> CsvLines.append(chunk, cells), out));
    }

    private static AuditQuery query(RoutingContext ctx, boolean oldestFirstByDefault, int limit) {
        Instant[] range = Paging.range(ctx);
        boolean oldestFirst = Paging.oldestFirst(ctx, oldestFirstByDefault);
        return new AuditQuery(range[0], range[1], Operations.query(ctx, "actor"), Operations.query(ctx, "resource"),
                Operations.query(ctx, "resourceId"), Operations.query(ctx, "action"), Operations.query(ctx, "outcome"),
                Paging.after(ctx, AuditQuery.LISTING, oldestFirst), oldestFirst, limit);
    }
}
