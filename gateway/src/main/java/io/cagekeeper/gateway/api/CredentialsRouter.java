package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.policy.CredentialLifecycle;
import io.cagekeeper.gateway.policy.PersonRegistry;
import io.cagekeeper.gateway.policy.PersonRegistry.CredentialRow;
import io.cagekeeper.gateway.policy.PersonRegistry.NewCredential;
import io.cagekeeper.gateway.policy.PersonRegistry.PersonRow;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.CredentialStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Badges (facilities): enroll, the status changes of {@link CredentialLifecycle}, re-issue, and
 * reinstatement, which a second person approves through {@link ApprovalStore} (a different user with
 * security-desk or facilities; never the requester, never the badge's holder). Every status change is
 * one policy change with its {@code credential_status_changes} row and its audit row. A PIN is hashed
 * (Argon2id, on a worker thread) before the transaction starts and is never answered, logged or put in
 * the audit trail: the views say {@code hasPin} only.
 */
public final class CredentialsRouter implements ApiResource {

    private final PersonRegistry registry;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final Function<String, Future<String>> pinHasher;

    /** {@code pinHasher} hashes a PIN off the event loop into the PHC string the engine verifies. */
    public CredentialsRouter(PersonRegistry registry, ApprovalStore approvals, AuditTrail audit, Function<String, Future<String>> pinHasher) {
        this.registry = registry;
        this.approvals = approvals;
        this.audit = audit;
        this.pinHasher = pinHasher;
    }

    @Override
    public void mount(Operations ops) {
        ops.on("enrollCredential", this::enroll)
                .on("getCredential", this::get)
                .on("suspendCredential", ctx -> status(ctx, CredentialStatus.SUSPENDED))
                .on("reportCredentialLost", ctx -> status(ctx, CredentialStatus.LOST))
                .on("reportCredentialStolen", ctx -> status(ctx, CredentialStatus.STOLEN))
                .on("revokeCredential", ctx -> status(ctx, CredentialStatus.REVOKED))
                .on("expireCredential", ctx -> status(ctx, CredentialStatus.EXPIRED))
                .on("requestReinstatement", this::requestReinstatement)
                .on("approveReinstatement", ctx -> decide(ctx, true))
                .on("denyReinstatement", ctx -> decide(ctx, false))
                .on("reissueCredential", this::reissue);
    }

    private void get(RoutingContext ctx) {
        String id = Operations.path(ctx, "id");
        Future<JsonObject> result = registry.unversioned(c -> found(c, id, false).compose(cr -> registry.history(c, id)
                .compose(history -> approvals.pending(c, ApprovalStore.Kind.REINSTATE, id).map(pending -> cr.toJson()
                        .put("history", new JsonArray(history.stream().map(PersonRegistry.StatusChange::toJson).toList()))
                        .put("pendingReinstatement", pending.map(ApprovalStore.Approval::toJson).orElse(null))))));
        Replies.reply(ctx, 200, result, "credentials unavailable");
    }

    private void enroll(RoutingContext ctx) {
        String actor = Operations.actor(ctx).id();
        JsonObject b = Operations.body(ctx);
        String id = b.getString("id") != null ? b.getString("id") : PersonRegistry.newId("c-");
        String personId = b.getString("personId");
        CardNumber card = card(b);
        Instant from = PersonsRouter.instant(b, "validFrom");
        Instant start = from == null ? Instant.now() : from;
        Instant until = validUntil(start, PersonsRouter.instant(b, "validUntil"));
        Future<JsonObject> result = pin(b).compose(pinHash -> registry.change(actor, "credential " + id + " enrolled", c ->
                registry.person(c, personId, true).compose(found -> {
                    PersonRow p = found.orElseThrow(() -> new BadRequest(404, "no such person"));
                    if (p.terminatedAt() != null) {
                        throw new BadRequest(409, "the person is terminated: no badge can be issued to them");
                    }
                    return issued(ctx, c, new NewCredential(id, personId, card, start, until, pinHash, null), actor, "enrolled");
                }))).map(PolicyStore.Changed::result);
        Replies.reply(ctx, 201, result, "credentials unavailable");
    }

    /** A facilities status change: 404 unknown, 409 when {@link CredentialLifecycle} refuses it. */
    private void status(RoutingContext ctx, CredentialStatus to) {
        String actor = Operations.actor(ctx).id();
        String id = Operations.path(ctx, "id");
        String reason = Operations.body(ctx).getString("reason");
        Future<JsonObject> result = registry.change(actor, "credential " + id + " " + to, c -> found(c, id, true).compose(cr -> {
            String refusal = CredentialLifecycle.refusal(cr.status(), to);
            if (refusal != null) {
                throw new BadRequest(409, refusal);
            }
            return changed(ctx, c, cr, to, actor, reason, null);
        })).map(PolicyStore.Changed::result);
        Replies.reply(ctx, 200, result, "credentials unavailable");
    }

    /** Opens a REINSTATE approval: nothing changes at the readers until another person approves it. */
    private void requestReinstatement(RoutingContext ctx) {
        Actor actor = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        String reason = Operations.body(ctx).getString("reason");
        Future<JsonObject> result = registry.unversioned(c -> reinstatable(c, id).compose(cr ->
                approvals.request(c, ApprovalStore.Kind.REINSTATE, id, actor, reason).compose(a -> audit.append(c,
                        Replies.done(ctx, "credentials", id, cr.toJson(), cr.toJson().put("pendingReinstatement", a.toJson()))
                                .withDetail(reason)).map(a.toJson()))));
        Replies.reply(ctx, 201, result, "credentials unavailable");
    }

    /**
     * Approves (the badge is ACTIVE again, one policy change whose history row names the approval) or
     * denies (nothing changes at the readers) the pending reinstatement, after the separation-of-duties
     * checks of {@link ApprovalStore#decide}.
     */
    private void decide(RoutingContext ctx, boolean approve) {
        Actor actor = Operations.actor(ctx);
        String id = Operations.path(ctx, "id");
        String comment = Operations.body(ctx).getString("comment");
        Future<JsonObject> result;
        if (approve) {
            result = registry.change(actor.id(), "credential " + id + " reinstated", c -> reinstatable(c, id).compose(cr ->
                    approvals.decide(c, ApprovalStore.Kind.REINSTATE, id, actor, true, comment, cr.personId()).compose(a ->
                            changed(ctx, c, cr, CredentialStatus.ACTIVE, actor.id(), a.reason(), a.id())
                                    .map(json -> json.put("approval", a.toJson()))))).map(PolicyStore.Changed::result);
        } else {
            result = registry.unversioned(c -> found(c, id, true).compose(cr ->
                    approvals.decide(c, ApprovalStore.Kind.REINSTATE, id, actor, false, comment, cr.personId()).compose(a ->
                            audit.append(c, Replies.done(ctx, "credentials", id, null, new JsonObject().put("reinstatement", a.toJson()))
                                    .withDetail(comment)).map(cr.toJson().put("approval", a.toJson())))));
        }
        Replies.reply(ctx, 200, result, "credentials unavailable");
    }

    /**
     * A new card for the same person: the old badge REVOKED ("re-issued") unless it already is, the
     * new one ACTIVE with {@code replaces} set, keeping the old PIN and end of validity unless new ones
     * are given. 409 for a terminated person or a badge already re-issued (re-issue the newest).
     */
    private void reissue(RoutingContext ctx) {
        String actor = Operations.actor(ctx).id();
        String oldId = Operations.path(ctx, "id");
        JsonObject b = Operations.body(ctx);
        String id = b.getString("id") != null ? b.getString("id") : PersonRegistry.newId("c-");
        CardNumber card = card(b);
        Instant from = PersonsRouter.instant(b, "validFrom");
        Instant start = from == null ? Instant.now() : from;
        Instant given = PersonsRouter.instant(b, "validUntil");
        Future<JsonObject> result = pin(b).compose(pinHash -> registry.change(actor, "credential " + oldId + " re-issued as " + id, c ->
                live(c, oldId).compose(old -> {
                    Instant until = validUntil(start, given != null ? given : old.validUntil());
                    Future<JsonObject> revoked = old.status() == CredentialStatus.REVOKED ? Future.succeededFuture(old.toJson())
                            : changed(ctx, c, old, CredentialStatus.REVOKED, actor, "re-issued", null);
                    return revoked.compose(oldJson -> issued(ctx, c, new NewCredential(id, old.personId(), card, start, until, pinHash, oldId),
                            actor, "re-issued").map(json -> json.put("replaced", oldJson)));
                }))).map(PolicyStore.Changed::result);
        Replies.reply(ctx, 201, result, "credentials unavailable");
    }

    // ---- shared steps ----

    private Future<CredentialRow> found(SqlClient c, String id, boolean lock) {
        return registry.credential(c, id, lock).map(found -> found.orElseThrow(() -> new BadRequest(404, "no such credential")));
    }

    /** The badge, locked, whose holder is not terminated and which no newer badge replaces. */
    private Future<CredentialRow> live(SqlClient c, String id) {
        return found(c, id, true).compose(cr -> registry.person(c, cr.personId(), true).compose(p -> {
            if (p.isPresent() && p.get().terminatedAt() != null) {
                throw new BadRequest(409, "the badge's holder is terminated");
            }
            return registry.replacedBy(c, id);
        }).map(newer -> {
            if (newer.isPresent()) {
                throw new BadRequest(409, "the badge was re-issued: act on the newer badge");
            }
            return cr;
        }));
    }

    /** A badge that may become ACTIVE again: {@link #live} and not ACTIVE already. */
    private Future<CredentialRow> reinstatable(SqlClient c, String id) {
        return live(c, id).map(cr -> {
            if (!CredentialLifecycle.reinstatable(cr.status())) {
                throw new BadRequest(409, "the credential is already ACTIVE");
            }
            return cr;
        });
    }

    /** Changes the status with its history row and audit row; the badge after. */
    private Future<JsonObject> changed(RoutingContext ctx, SqlClient c, CredentialRow cr, CredentialStatus to, String actor, String reason,
                                       Long approvalId) {
        return registry.changeStatus(c, cr, to, Instant.now(), actor, reason, approvalId).compose(done -> {
            if (!done) {
                throw new BadRequest(409, "the credential changed meanwhile: read it again");
            }
            return found(c, cr.id(), false);
        }).compose(after -> audit.append(c, Replies.done(ctx, "credentials", cr.id(), cr.toJson(), after.toJson()).withDetail(reason))
                .map(after.toJson()));
    }

    /** Issues the badge with its first history row and audit row; the badge. */
    private Future<JsonObject> issued(RoutingContext ctx, SqlClient c, NewCredential n, String actor, String reason) {
        return registry.issue(c, List.of(n), actor, Instant.now(), reason).compose(v -> found(c, n.id(), false))
                .compose(cr -> audit.append(c, Replies.done(ctx, "credentials", n.id(), null, cr.toJson())).map(cr.toJson()));
    }

    /** The body's card: {@code card} as text, or {@code format} + {@code facility} + {@code number}; 400/422 otherwise. */
    private static CardNumber card(JsonObject b) {
        boolean text = b.containsKey("card");
        boolean parts = b.containsKey("format") || b.containsKey("facility") || b.containsKey("number");
        if (text == parts || (parts && !(b.containsKey("format") && b.containsKey("facility") && b.containsKey("number")))) {
            throw new BadRequest(400, "give card (18:40211) or format, facility and number");
        }
        try {
            return text ? Cards.parse(b.getString("card")) : Cards.of(b.getString("format"), b.getLong("facility"), b.getLong("number"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(422, e.getMessage());
        }
    }

    private static Instant validUntil(Instant start, Instant until) {
        if (until != null && !until.isAfter(start)) {
            throw new BadRequest(422, "validUntil must be after validFrom");
        }
        return until;
    }

    /** The PIN's hash, computed on a worker thread; null when the body has no PIN. */
    private Future<String> pin(JsonObject b) {
        String pin = b.getString("pin");
        return pin == null ? Future.succeededFuture(null) : pinHasher.apply(pin);
    }
}
