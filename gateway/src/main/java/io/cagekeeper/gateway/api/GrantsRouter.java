package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.api.PolicyChanges.Change;
import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.policy.GrantStore;
import io.cagekeeper.gateway.policy.GrantStore.GrantRow;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.Locale;

/**
 * Grants of an access level to a person: requested (facilities or the desk) with a reason and a
 * window, then approved or denied with a comment by someone else holding security-desk — never the
 * requester, never the person the grant is for, never an account the requester created
 * ({@link ApprovalStore}; the database's CHECK refuses a self-approval again) — and revocable at once.
 * Only an approved grant is in force; each change is a policy version, in force within a second.
 */
public final class GrantsRouter implements ApiResource {

    private final GrantStore grants;
    private final ApprovalStore approvals;
    private final PolicyChanges changes;

    public GrantsRouter(GrantStore grants, ApprovalStore approvals, PolicyStore policy, AuditTrail audit) {
        this.grants = grants;
        this.approvals = approvals;
        this.changes = new PolicyChanges(policy, audit);
    }

    @Override
    public void mount(Operations ops) {
        ops.on("listGrants", this::list)
                .on("requestGrant", this::request)
                .on("getGrant", this::get)
                .on("approveGrant", ctx -> decide(ctx, true))
                .on("denyGrant", ctx -> decide(ctx, false))
                .on("revokeGrant", this::revoke);
    }

    private void list(RoutingContext ctx) {
        String state = Operations.query(ctx, "state");
        String limit = Operations.query(ctx, "limit");
        Instant now = Instant.now();
        Replies.reply(ctx, 200, grants.list(state == null ? null : state.toUpperCase(Locale.ROOT), Operations.query(ctx, "person"), now,
                        limit == null ? 100 : Integer.parseInt(limit))
                .map(rows -> new JsonObject().put("grants", new JsonArray(rows.stream().map(g -> g.toJson(now)).toList()))),
                "grants unavailable");
    }

    private void get(RoutingContext ctx) {
        Replies.reply(ctx, 200, grants.get(Operations.path(ctx, "id")).map(g -> g.orElseThrow(GrantsRouter::unknown).toJson(Instant.now())),
                "grants unavailable");
    }

    private void request(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        JsonObject b = Operations.body(ctx);
        String personId = b.getString("personId");
        String levelId = b.getString("accessLevelId");
        Instant from = PolicyChanges.instant(b, "validFrom");
        Instant until = PolicyChanges.instant(b, "validUntil");
        Instant now = Instant.now();
        if (until != null && !until.isAfter(from)) {
            throw new BadRequest(422, "validUntil must be after validFrom");
        }
        if (until != null && !until.isAfter(now)) {
            throw new BadRequest(422, "validUntil is in the past: the grant would never be in force");
        }
        String id = PolicyChanges.newId("g");
        String reason = b.getString("reason");
        Replies.reply(ctx, 201, changes.apply(ctx, "grants", id, "grant " + id + " requested for " + personId, conn ->
                grants.refs(conn, personId, levelId).compose(refs -> {
                    if (refs.personType() == null) {
                        throw new BadRequest(422, "no such person, or the person is terminated");
                    }
                    if (refs.personType().equals("VISITOR")) {
                        throw new BadRequest(422, "a visitor is let in by a visit, not a grant");
                    }
                    if (!refs.levelExists()) {
                        throw new BadRequest(422, "no such access level");
                    }
                    return grants.insert(conn, id, personId, levelId, from, until, by.id(), now, reason)
                            .compose(v -> approvals.request(conn, ApprovalStore.Kind.GRANT, id, by, reason))
                            .compose(approval -> after(conn, id).map(g -> new Change(null, g.put("approvalId", approval.id()))));
                })), "grants unavailable");
    }

    private void decide(RoutingContext ctx, boolean approve) {
        Actor by = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        String comment = Operations.body(ctx).getString("comment");
        Instant now = Instant.now();
        Replies.reply(ctx, 200, changes.apply(ctx, "grants", id, "grant " + id + (approve ? " approved" : " denied"), conn ->
                grants.get(conn, id, true).compose(found -> {
                    GrantRow g = found.orElseThrow(GrantsRouter::unknown);
                    if (!g.state().equals("REQUESTED")) {
                        throw new BadRequest(409, "the grant is " + g.state().toLowerCase(Locale.ROOT) + ", not waiting for a decision");
                    }
                    return approvals.decide(conn, ApprovalStore.Kind.GRANT, id, by, approve, comment, g.personId())
                            .compose(a -> grants.decide(conn, id, approve, by.id(), now, comment))
                            .compose(done -> after(conn, id).map(after -> new Change(g.toJson(now), after)));
                })), "grants unavailable");
    }

    private void revoke(RoutingContext ctx) {
        Actor by = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        String reason = Operations.body(ctx).getString("reason");
        Instant now = Instant.now();
        Replies.reply(ctx, 200, changes.apply(ctx, "grants", id, "grant " + id + " revoked", conn ->
                grants.get(conn, id, true).compose(found -> {
                    GrantRow g = found.orElseThrow(GrantsRouter::unknown);
                    return grants.revoke(conn, id, by.id(), now, reason).compose(done -> {
                        if (!done) {
                            throw new BadRequest(409, "the grant is already " + g.state().toLowerCase(Locale.ROOT));
                        }
                        return approvals.withdraw(conn, ApprovalStore.Kind.GRANT, id, by);
                    }).compose(v -> after(conn, id).map(after -> new Change(g.toJson(now), after)));
                })), "grants unavailable");
    }

    private Future<JsonObject> after(SqlConnection conn, String id) {
        return grants.get(conn, id, false).map(g -> g.orElseThrow().toJson(Instant.now()));
    }

    private static BadRequest unknown() {
        return new BadRequest(404, "no such grant");
    }
}
