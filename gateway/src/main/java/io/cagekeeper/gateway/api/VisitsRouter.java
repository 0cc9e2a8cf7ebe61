package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.api.PolicyChanges.Change;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.gateway.policy.VisitStore;
import io.cagekeeper.gateway.policy.VisitStore.VisitRow;
import io.cagekeeper.gateway.policy.Visitors;
import io.cagekeeper.policy.model.CardNumber;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Visits, for the security desk: a host (a facilities or desk user, or an integration token such as
 * a ticketing system) requests a visit for an existing visitor or a new one (name and organization);
 * the desk approves or denies it with a comment — not the requester, not the visitor, not the host,
 * not an account the requester created ({@link ApprovalStore}); check-in records the type of ID
 * document checked (never its number) and issues a badge valid no longer than the visit; check-out
 * deactivates it at once. Every change is a policy version (in force within a second) with its
 * audit row. The visitor log ({@link VisitorLog}) is mounted here too.
 */
public final class VisitsRouter implements ApiResource {

    /** A visit is a temporary thing: a longer stay is a contractor's grant. */
    static final Duration LONGEST_VISIT = Duration.ofDays(31);

    private final VisitStore visits;
    private final Visitors visitors;
    private final ApprovalStore approvals;
    private final PolicyChanges changes;

    public VisitsRouter(VisitStore visits, Visitors visitors, ApprovalStore approvals, PolicyStore policy, AuditTrail audit) {
        this.visits = visits;
        this.visitors = visitors;
        this.approvals = approvals;
        this.changes = new PolicyChanges(policy, audit);
    }

    @Override
    public void mount(Operations ops) {
        // the log first: /api/visits/log must not be taken for the visit "log"
        ops.on("visitorLog", new VisitorLog(visits)::handle)
                .on("listVisits", this::list)
                .on("requestVisit", this::request)
                .on("getVisit", this::get)
                .on("approveVisit", ctx -> decide(ctx, true))
                .on("denyVisit", ctx -> decide(ctx, false))
                .on("checkInVisit", this::checkIn)
                .on("checkOutVisit", this::checkOut)
                .on("cancelVisit", this::cancel);
    }

    private void list(RoutingContext ctx) {
        String state = Operations.query(ctx, "state");
        String limit = Operations.query(ctx, "limit");
        Replies.reply(ctx, 200, visits.list(state == null ? null : state.toUpperCase(Locale.ROOT), Operations.query(ctx, "person"),
                        limit == null ? 100 : Integer.parseInt(limit))
                .map(rows -> new JsonObject().put("visits", new JsonArray(rows.stream().map(VisitRow::toJson).toList()))),
                "visits unavailable");
    }

    private void get(RoutingContext ctx) {
        Replies.reply(ctx, 200, visits.get(Operations.path(ctx, "id")).map(v -> v.orElseThrow(VisitsRouter::unknown).toJson()),
                "visits unavailable");
    }

    private void request(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        JsonObject b = Operations.body(ctx);
        String existing = b.getString("visitorPersonId");
        String name = b.getString("visitorName");
        if ((existing == null) == (name == null)) {
            throw new BadRequest(422, "name the visitor by visitorPersonId (an existing visitor) or by visitorName (a new one), not both");
        }
        Instant from = PolicyChanges.instant(b, "validFrom");
        Instant until = PolicyChanges.instant(b, "validUntil");
        Instant now = Instant.now();
        if (!until.isAfter(from)) {
            throw new BadRequest(422, "validUntil must be after validFrom");
        }
        if (!until.isAfter(now)) {
            throw new BadRequest(422, "validUntil is in the past");
        }
        if (Duration.between(from, until).compareTo(LONGEST_VISIT) > 0) {
            throw new BadRequest(422, "a visit lasts at most " + LONGEST_VISIT.toDays() + " days (a longer stay needs a grant)");
        }
        String id = PolicyChanges.newId("v");
        String visitorId = existing != null ? existing : PolicyChanges.newId("p-v");
        String organization = b.getString("organization");
        VisitStore.Request r = new VisitStore.Request(id, visitorId, b.getString("hostPersonId"), b.getString("escortPersonId"),
                b.getString("zoneId"), b.getString("purpose"), organization, from, until);
        Replies.reply(ctx, 201, changes.apply(ctx, "visits", id, "visit " + id + " requested", conn ->
                (name != null ? visitors.create(conn, visitorId, name, organization, by.id(), now) : Future.<Void>succeededFuture())
                        .compose(v -> visits.refs(conn, visitorId, r.hostPersonId(), r.escortPersonId(), r.zoneId()))
                        .compose(refs -> {
                            check(refs, r.escortPersonId() != null);
                            return visits.insert(conn, r, by.id(), now);
                        })
                        .compose(v -> approvals.request(conn, ApprovalStore.Kind.VISIT, id, by, r.purpose()))
                        .compose(approval -> after(conn, id).map(after -> new Change(null, after.put("approvalId", approval.id()))))),
                "visits unavailable");
    }

    private static void check(VisitStore.Refs refs, boolean escortNamed) {
        if (refs.visitorType() == null) {
            throw new BadRequest(422, "no such visitor, or the visitor is terminated");
        }
        if (!refs.visitorType().equals("VISITOR")) {
            throw new BadRequest(422, "visitorPersonId is not a visitor: staff and contractors are let in by grants");
        }
        if (refs.hostType() == null || refs.hostType().equals("VISITOR")) {
            throw new BadRequest(422, "the host must be an active employee or contractor");
        }
        if (escortNamed && (refs.escortType() == null || refs.escortType().equals("VISITOR"))) {
            throw new BadRequest(422, "the escort must be an active employee or contractor");
        }
        if (!refs.zoneExists()) {
            throw new BadRequest(422, "no such zone");
        }
    }

    private void decide(RoutingContext ctx, boolean approve) {
        Actor by = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        String comment = Operations.body(ctx).getString("comment");
        Instant now = Instant.now();
        Replies.reply(ctx, 200, changes.apply(ctx, "visits", id, "visit " + id + (approve ? " approved" : " denied"), conn ->
                locked(conn, id).compose(v -> {
                    expect(v, "REQUESTED", "waiting for a decision");
                    if (approve && !v.validUntil().isAfter(now)) {
                        throw new BadRequest(409, "the visit's window has ended");
                    }
                    return approvals.decide(conn, ApprovalStore.Kind.VISIT, id, by, approve, comment, v.visitorPersonId())
                            .compose(a -> {
                                if (approve && v.hostPersonId() != null && v.hostPersonId().equals(by.personId())) {
                                    throw new BadRequest(403, "the host may not approve their own visitor");
                                }
                                return visits.decide(conn, id, approve, by.id(), now, comment);
                            })
                            .compose(done -> after(conn, id).map(after -> new Change(v.toJson(), after)));
                })), "visits unavailable");
    }

    private void checkIn(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        JsonObject b = Operations.body(ctx);
        String card;
        try {
            card = CardNumber.parse(b.getString("card")).toString();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(422, "card must be a number the readers send, e.g. 18:40211 (H10301) or C1000/12:3456");
        }
        String document = b.getString("idDocumentType");
        Instant now = Instant.now();
        String credentialId = "c-" + id;
        Replies.reply(ctx, 200, changes.apply(ctx, "visits", id, "visit " + id + " checked in", conn ->
                locked(conn, id).compose(v -> {
                    expect(v, "APPROVED", "approved");
                    if (!v.validUntil().isAfter(now)) {
                        throw new BadRequest(409, "the visit's window has ended");
                    }
                    return visitors.issue(conn, credentialId, card, v.visitorPersonId(), v.validFrom(), v.validUntil(), id, by.id(), now)
                            .compose(x -> visits.checkIn(conn, id, document, by.id(), now, credentialId))
                            .compose(done -> after(conn, id).map(after -> new Change(v.toJson(), after.put("visitorCard", card))));
                })), "visits unavailable");
    }

    private void checkOut(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        Instant now = Instant.now();
        Replies.reply(ctx, 200, changes.apply(ctx, "visits", id, "visit " + id + " checked out", conn ->
                locked(conn, id).compose(v -> {
                    expect(v, "CHECKED_IN", "checked in");
                    return visitors.expire(conn, v.visitorCredentialId(), by.id(), now, "visitor checked out of visit " + id)
                            .compose(x -> visits.checkOut(conn, id, by.id(), now))
                            .compose(done -> after(conn, id).map(after -> new Change(v.toJson(), after)));
                })), "visits unavailable");
    }

    private void cancel(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        String reason = Operations.body(ctx).getString("reason");
        Instant now = Instant.now();
        Replies.reply(ctx, 200, changes.apply(ctx, "visits", id, "visit " + id + " cancelled", conn ->
                locked(conn, id).compose(v -> visits.cancel(conn, id, by.id(), now, reason).compose(done -> {
                    if (!done) {
                        throw new BadRequest(409, "the visit is " + state(v) + ": only a requested or approved visit can be cancelled"
                                + (v.state().equals("CHECKED_IN") ? " (check the visitor out)" : ""));
                    }
                    return approvals.withdraw(conn, ApprovalStore.Kind.VISIT, id, by);
                }).compose(x -> after(conn, id).map(after -> new Change(v.toJson(), after))))), "visits unavailable");
    }

    private Future<VisitRow> locked(SqlConnection conn, String id) {
        return visits.get(conn, id, true).map(v -> v.orElseThrow(VisitsRouter::unknown));
    }

    private static void expect(VisitRow v, String state, String wanted) {
        if (!v.state().equals(state)) {
            throw new BadRequest(409, "the visit is " + state(v) + ", not " + wanted);
        }
    }

    private static String state(VisitRow v) {
        return v.state().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private Future<JsonObject> after(SqlConnection conn, String id) {
        return visits.get(conn, id, false).map(v -> v.orElseThrow().toJson());
    }

    private static BadRequest unknown() {
        return new BadRequest(404, "no such visit");
    }
}
