package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.auth.Actor;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.gateway.http.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * Owns {@code approvals}: every four-eyes decision (a grant, a visit, a reinstated credential).
 * Separation of duties is enforced here for every caller, and the database enforces the first rule
 * again by a CHECK: the decider is not the requester; the decider holds one of the kind's roles; the
 * decider is not the badge holder the decision gives access to; and the decider was not created by
 * the requester (an admin cannot make a second account, or a token, and approve their own request
 * with it). Each method runs on the caller's connection, inside the caller's transaction.
 */
public final class ApprovalStore {

    /** What is being approved; {@code roles} may decide it. */
    public enum Kind {
        GRANT(Set.of(Role.SECURITY_DESK)),
        VISIT(Set.of(Role.SECURITY_DESK)),
        REINSTATE(Set.of(Role.SECURITY_DESK, Role.FACILITIES));

        private final Set<Role> deciders;

        Kind(Set<Role> deciders) {
            this.deciders = deciders;
        }

        public Set<Role> deciders() {
            return deciders;
        }
    }

    private static final String INSERT = """
            INSERT INTO approvals (kind, subject_id, requested_by, reason) VALUES ($1, $2, $3, $4) RETURNING id, requested_at
            """;
    private static final String PENDING_FOR = """
            SELECT id, kind, subject_id, requested_by, requested_at, reason, state, decided_by, decided_at, comment
            FROM approvals WHERE kind = $1 AND subject_id = $2 AND state = 'PENDING' FOR UPDATE
            """;
    private static final String DECIDE = """
            UPDATE approvals SET state = $2, decided_by = $3, decided_at = $4, comment = $5 WHERE id = $1 AND state = 'PENDING'
            """;
    private static final String CREATOR = "SELECT created_by FROM users WHERE id = $1";

    /** A pending or decided approval. */
    public record Approval(long id, Kind kind, String subjectId, String requestedBy, Instant requestedAt, String reason, String state,
                           String decidedBy, Instant decidedAt, String comment) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("kind", kind.name()).put("subjectId", subjectId).put("requestedBy", requestedBy)
                    .put("requestedAt", requestedAt.toString()).put("reason", reason).put("state", state).put("decidedBy", decidedBy)
                    .put("decidedAt", decidedAt == null ? null : decidedAt.toString()).put("comment", comment);
        }
    }

    /** Opens a pending approval for {@code subjectId}; 409 when one is already pending. */
    public Future<Approval> request(SqlClient c, Kind kind, String subjectId, Actor requester, String reason) {
        return pending(c, kind, subjectId).compose(existing -> {
            if (existing.isPresent()) {
                return Future.failedFuture(new BadRequest(409, "a request for this is already waiting for approval"));
            }
            return c.preparedQuery(INSERT).execute(Tuple.of(kind.name(), subjectId, requester.id(), reason)).map(rs -> {
                Row r = rs.iterator().next();
                return new Approval(r.getLong("id"), kind, subjectId, requester.id(), r.getOffsetDateTime("requested_at").toInstant(),
                        reason, "PENDING", null, null, null);
            });
        });
    }

    /** The pending approval of a subject, locked for this transaction. */
    public Future<Optional<Approval>> pending(SqlClient c, Kind kind, String subjectId) {
        return c.preparedQuery(PENDING_FOR).execute(Tuple.of(kind.name(), subjectId))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(approval(rs.iterator().next())));
    }

    /**
     * Decides the pending approval of {@code subjectId} after the separation-of-duties checks.
     * {@code beneficiaryPersonId} is the person the decision lets in (null when none): its holder may
     * not decide. 404 when nothing is pending, 403 when the decider may not decide it.
     */
    public Future<Approval> decide(SqlClient c, Kind kind, String subjectId, Actor decider, boolean approve, String comment,
                                   String beneficiaryPersonId) {
        return pending(c, kind, subjectId).compose(found -> {
            Approval a = found.orElseThrow(() -> new BadRequest(404, "nothing is waiting for approval here"));
            if (a.requestedBy().equals(decider.id())) {
                throw new BadRequest(403, "nobody may decide their own request");
            }
            if (!decider.hasAny(kind.deciders())) {
                throw new BadRequest(403, "deciding a " + kind.name().toLowerCase() + " request needs the role "
                        + String.join(" or ", kind.deciders().stream().map(Role::id).sorted().toList()));
            }
            if (beneficiaryPersonId != null && beneficiaryPersonId.equals(decider.personId())) {
                throw new BadRequest(403, "nobody may approve access for themselves");
            }
            return createdBy(c, decider).compose(creator -> {
                if (creator != null && creator.equals(a.requestedBy())) {
                    throw new BadRequest(403, "an account created by the requester may not decide their request");
                }
                Instant now = Instant.now();
                String state = approve ? "APPROVED" : "DENIED";
                return c.preparedQuery(DECIDE).execute(Tuple.of(a.id(), state, decider.id(), now.atOffset(ZoneOffset.UTC), comment))
                        .map(rs -> new Approval(a.id(), kind, subjectId, a.requestedBy(), a.requestedAt(), a.reason(), state,
                                decider.id(), now, comment));
            });
        });
    }

    /** Withdraws a pending approval (the request was cancelled); no-op when none is pending. */
    public Future<Void> withdraw(SqlClient c, Kind kind, String subjectId, Actor by) {
        return pending(c, kind, subjectId).compose(found -> found.isEmpty() ? Future.succeededFuture()
                : c.preparedQuery(DECIDE).execute(Tuple.of(found.get().id(), "WITHDRAWN", null, Instant.now().atOffset(ZoneOffset.UTC),
                        "withdrawn by " + by.id())).mapEmpty());
    }

    /** Who created the decider (a user's or token's creator actor id), from the actor or the users table. */
    private static Future<String> createdBy(SqlClient c, Actor decider) {
        if (decider.createdBy() != null) {
            return Future.succeededFuture(decider.createdBy());
        }
        if (!decider.id().startsWith("user:")) {
            return Future.succeededFuture(null);
        }
        return c.preparedQuery(CREATOR).execute(Tuple.of(Long.parseLong(decider.id().substring(5))))
                .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getString(0));
    }

    static Approval approval(Row r) {
        OffsetDateTime decided = r.getOffsetDateTime("decided_at");
        return new Approval(r.getLong("id"), Kind.valueOf(r.getString("kind")), r.getString("subject_id"), r.getString("requested_by"),
                r.getOffsetDateTime("requested_at").toInstant(), r.getString("reason"), r.getString("state"), r.getString("decided_by"),
                decided == null ? null : decided.toInstant(), r.getString("comment"));
    }
}
