package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.audit.AuditTrail;
import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.http.Operations;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Function;

/**
 * A change to the policy made through the API, as one transaction: the work, its audit-trail row
 * (before and after) and the new policy version commit together (the version's NOTIFY makes every
 * gateway reload within about a second), or nothing does. A refusal the work raises (403 for a
 * separation-of-duties rule, 404, 409, 422) rolls it all back; {@link Replies} answers it and
 * {@code Operations.recordRefusal} writes it to the audit trail, since a refused attempt is evidence too.
 */
final class PolicyChanges {


    /** What a change did: the resource before (null when created) and after. */
    record Change(JsonObject before, JsonObject after) {
    }

    private final PolicyStore policy;
    private final AuditTrail audit;

    PolicyChanges(PolicyStore policy, AuditTrail audit) {
        this.policy = policy;
        this.audit = audit;
    }

    /** Runs {@code work} as the caller's policy change of {@code resource}/{@code id}; the answer is the resource after, with the new policy version. */
    Future<JsonObject> apply(RoutingContext ctx, String resource, String id, String summary, Function<SqlConnection, Future<Change>> work) {
        Actor by = Operations.actor(ctx);
        return policy.transact(by.id(), summary, conn -> work.apply(conn).compose(ch ->
                        audit.append(conn, Replies.done(ctx, resource, id, ch.before(), ch.after())).map(ch.after())))
                .map(changed -> changed.result().copy().put("policyVersion", changed.version()));
    }

    /** A new id for a row the API creates: {@code prefix-} and 16 random hex digits. */
    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** An RFC 3339 date-time member of a validated body (null when absent); 400 when it does not parse. */
    static Instant instant(JsonObject body, String name) {
        return time(body.getString(name), name);
    }

    /** An RFC 3339 date-time parameter named {@code name} (null when absent); 400 when it does not parse. */
    static Instant time(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest(400, name + " must be an RFC 3339 date-time with an offset, e.g. 2026-05-04T09:00:00Z");
        }
    }
}
