package io.cagekeeper.gateway.policy;

import static io.cagekeeper.gateway.policy.PolicyStore.instant;
import static io.cagekeeper.gateway.policy.PolicyStore.odt;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns the writes to {@code grants}: requested, then approved or denied by a second person, revoked.
 * Only {@code APPROVED} rows are in force ({@link PolicyStore} compiles no other); expiry is the
 * validity window, so a grant past {@code valid_until} is reported {@code EXPIRED} without a write.
 * Every method runs on the caller's connection, inside the caller's {@link PolicyStore#transact}, so
 * the row, its approval, its audit-trail row and the new policy version commit together.
 */
public final class GrantStore {

    private static final String COLUMNS = """
            id, person_id, access_level_id, valid_from, valid_until, state, reason, requested_by, requested_at, approved_by,
            approved_at, decision_comment, denied_by, denied_at, revoked_by, revoked_at, revoke_reason
            """;
    private static final String ONE = "SELECT " + COLUMNS + " FROM grants WHERE id = $1";
    private static final String ONE_LOCKED = ONE + " FOR UPDATE";
    /** $3 narrows APPROVED rows by their window at $4: ACTIVE, NOT_YET_ACTIVE or EXPIRED. */
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM grants
            WHERE ($1::text IS NULL OR person_id = $1) AND ($2::text IS NULL OR state = $2)
              AND ($3::text IS NULL
                   OR ($3 = 'ACTIVE' AND valid_from <= $4 AND (valid_until IS NULL OR valid_until > $4))
                   OR ($3 = 'NOT_YET_ACTIVE' AND valid_from > $4)
                   OR ($3 = 'EXPIRED' AND valid_until <= $4))
            ORDER BY requested_at DESC, id DESC LIMIT $5
            """;
    private static final String REFS = """
            SELECT (SELECT type FROM persons WHERE id = $1 AND (terminated_at IS NULL OR terminated_at > now())) AS person_type,
                   EXISTS (SELECT 1 FROM access_levels WHERE id = $2) AS level
            """;
    private static final String INSERT = """
            INSERT INTO grants (id, person_id, access_level_id, valid_from, valid_until, state, requested_by, requested_at, reason)
            VALUES ($1, $2, $3, $4, $5, 'REQUESTED', $6, $7, $8)
            """;
    private static final String APPROVE = """
            UPDATE grants SET state = 'APPROVED', approved_by = $2, approved_at = $3, decision_comment = $4
            WHERE id = $1 AND state = 'REQUESTED'
            """;
    private static final String DENY = """
            UPDATE grants SET state = 'DENIED', denied_by = $2, denied_at = $3, decision_comment = $4
            WHERE id = $1 AND state = 'REQUESTED'
            """;
    private static final String REVOKE = """
            UPDATE grants SET state = 'REVOKED', revoked_by = $2, revoked_at = $3, revoke_reason = $4
            WHERE id = $1 AND state IN ('REQUESTED', 'APPROVED')
            """;

    private final Pool pool;

    public GrantStore(Pool pool) {
        this.pool = pool;
    }

    /** A grant with its life cycle; every "by" is an actor id. */
    public record GrantRow(String id, String personId, String accessLevelId, Instant validFrom, Instant validUntil, String state,
                           String reason, String requestedBy, Instant requestedAt, String approvedBy, Instant approvedAt,
                           String decisionComment, String deniedBy, Instant deniedAt, String revokedBy, Instant revokedAt,
                           String revokeReason) {

        /** What the grant means at {@code now}: the stored state, an approved one told apart by its window. */
        public String status(Instant now) {
            if (!state.equals("APPROVED")) {
                return state;
            }
            if (validUntil != null && !now.isBefore(validUntil)) {
                return "EXPIRED";
            }
            return now.isBefore(validFrom) ? "NOT_YET_ACTIVE" : "ACTIVE";
        }

        public JsonObject toJson(Instant now) {
            return new JsonObject().put("id", id).put("personId", personId).put("accessLevelId", accessLevelId)
                    .put("validFrom", text(validFrom)).put("validUntil", text(validUntil)).put("state", state).put("status", status(now))
                    .put("reason", reason).put("requestedBy", requestedBy).put("requestedAt", text(requestedAt))
                    .put("approvedBy", approvedBy).put("approvedAt", text(approvedAt)).put("decisionComment", decisionComment)
                    .put("deniedBy", deniedBy).put("deniedAt", text(deniedAt)).put("revokedBy", revokedBy)
                    .put("revokedAt", text(revokedAt)).put("revokeReason", revokeReason);
        }
    }

    /** What a request refers to: the person's type when they exist and are not terminated (else null), and whether the level exists. */
    public record Refs(String personType, boolean levelExists) {
    }

    public Future<Optional<GrantRow>> get(SqlClient c, String id, boolean lock) {
        return c.preparedQuery(lock ? ONE_LOCKED : ONE).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(row(rs.iterator().next())));
    }

    public Future<Optional<GrantRow>> get(String id) {
        return get(pool, id, false);
    }

    /**
     * Newest requests first. {@code state} is a stored state (REQUESTED, APPROVED, DENIED, REVOKED) or
     * a status of approved grants at {@code now} (ACTIVE, NOT_YET_ACTIVE, EXPIRED); null for all.
     */
    public Future<List<GrantRow>> list(String state, String personId, Instant now, int limit) {
        boolean byWindow = state != null && List.of("ACTIVE", "NOT_YET_ACTIVE", "EXPIRED").contains(state);
        Tuple t = Tuple.tuple().addValue(personId).addValue(byWindow ? "APPROVED" : state).addValue(byWindow ? state : null)
                .addValue(odt(now)).addValue(limit);
        return pool.preparedQuery(LIST).execute(t).map(rs -> {
            List<GrantRow> out = new ArrayList<>(rs.size());
            rs.forEach(r -> out.add(row(r)));
            return out;
        });
    }

    public Future<Refs> refs(SqlClient c, String personId, String accessLevelId) {
        return c.preparedQuery(REFS).execute(Tuple.of(personId, accessLevelId))
                .map(rs -> {
                    Row r = rs.iterator().next();
                    return new Refs(r.getString("person_type"), r.getBoolean("level"));
                });
    }

    public Future<Void> insert(SqlClient c, String id, String personId, String accessLevelId, Instant from, Instant until,
                               String requestedBy, Instant at, String reason) {
        return c.preparedQuery(INSERT).execute(Tuple.tuple(List.of(id, personId, accessLevelId)).addValue(odt(from)).addValue(odt(until))
                .addValue(requestedBy).addValue(odt(at)).addValue(reason)).mapEmpty();
    }

    /** Approves or denies a REQUESTED grant; false when it was no longer requested. */
    public Future<Boolean> decide(SqlClient c, String id, boolean approve, String by, Instant at, String comment) {
        return c.preparedQuery(approve ? APPROVE : DENY).execute(Tuple.of(id, by, odt(at), comment)).map(rs -> rs.rowCount() == 1);
    }

    /** Revokes a requested or approved grant at once; false when it was already denied or revoked. */
    public Future<Boolean> revoke(SqlClient c, String id, String by, Instant at, String reason) {
        return c.preparedQuery(REVOKE).execute(Tuple.of(id, by, odt(at), reason)).map(rs -> rs.rowCount() == 1);
    }

    private static GrantRow row(Row r) {
        return new GrantRow(r.getString("id"), r.getString("person_id"), r.getString("access_level_id"), instant(r, "valid_from"),
                instant(r, "valid_until"), r.getString("state"), r.getString("reason"), r.getString("requested_by"),
                instant(r, "requested_at"), r.getString("approved_by"), instant(r, "approved_at"), r.getString("decision_comment"),
                r.getString("denied_by"), instant(r, "denied_at"), r.getString("revoked_by"), instant(r, "revoked_at"),
                r.getString("revoke_reason"));
    }

    static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
