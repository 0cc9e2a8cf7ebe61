package io.cagekeeper.gateway.policy;

import static io.cagekeeper.gateway.policy.GrantStore.text;
import static io.cagekeeper.gateway.policy.PolicyStore.instant;
import static io.cagekeeper.gateway.policy.PolicyStore.odt;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns the writes to {@code visits}: requested by a host, approved or denied by the desk, checked in
 * (the ID document type checked, never its number, and a badge issued), checked out, cancelled,
 * found overdue or a no-show by the sweep. What is in force is decided by {@link PolicyStore}'s
 * projection (approved, checked-in and checked-out visits, the window cut at the check-out). Every
 * write runs on the caller's connection inside the caller's {@link PolicyStore#transact}. Also reads
 * the visitor log (PCI DSS v4 9.3.4, NIST SP 800-53 PE-8).
 */
public final class VisitStore {

    private static final String COLUMNS = """
            v.id, v.state, v.visitor_person_id, vp.name AS visitor_name, coalesce(v.organization, vp.organization) AS organization,
            v.host_person_id, v.escort_person_id, v.zone_id, v.purpose, v.valid_from, v.valid_until, v.requested_by, v.requested_at,
            v.approved_by, v.approved_at, v.decision_comment, v.denied_by, v.denied_at, v.id_document_type, v.checked_in_at,
            v.checked_in_by, v.checked_out_at, v.checked_out_by, v.visitor_credential_id, vc.card AS visitor_card, v.cancelled_by,
            v.cancelled_at, v.cancel_reason, v.overdue_at
            """;
    private static final String FROM = """
             FROM visits v JOIN persons vp ON vp.id = v.visitor_person_id LEFT JOIN credentials vc ON vc.id = v.visitor_credential_id
            """;
    private static final String ONE = "SELECT " + COLUMNS + FROM + " WHERE v.id = $1";
    private static final String ONE_LOCKED = ONE + " FOR UPDATE OF v";
    private static final String LIST = "SELECT " + COLUMNS + FROM + """
            WHERE ($1::text IS NULL OR v.state = $1) AND ($2::text IS NULL OR v.host_person_id = $2 OR v.visitor_person_id = $2)
            ORDER BY v.requested_at DESC, v.id DESC LIMIT $3
            """;
    /** Each person's type when they exist and are not terminated (else null), and whether the zone exists. */
    private static final String REFS = """
            SELECT (SELECT type FROM persons WHERE id = $1 AND (terminated_at IS NULL OR terminated_at > now())) AS visitor,
                   (SELECT type FROM persons WHERE id = $2 AND (terminated_at IS NULL OR terminated_at > now())) AS host,
                   (SELECT type FROM persons WHERE id = $3 AND (terminated_at IS NULL OR terminated_at > now())) AS escort,
                   EXISTS (SELECT 1 FROM zones WHERE id = $4) AS zone
            """;
    private static final String INSERT = """
            INSERT INTO visits (id, visitor_person_id, zone_id, valid_from, valid_until, escort_person_id, state, host_person_id,
                                organization, purpose, requested_by, requested_at)
            VALUES ($1, $2, $3, $4, $5, $6, 'REQUESTED', $7, $8, $9, $10, $11)
            """;
    private static final String APPROVE = """
            UPDATE visits SET state = 'APPROVED', approved_by = $2, approved_at = $3, decision_comment = $4 WHERE id = $1 AND state = 'REQUESTED'
            """;
    private static final String DENY = """
            UPDATE visits SET state = 'DENIED', denied_by = $2, denied_at = $3, decision_comment = $4 WHERE id = $1 AND state = 'REQUESTED'
            """;
    private static final String CHECK_IN = """
            UPDATE visits SET state = 'CHECKED_IN', id_document_type = $2, checked_in_at = $3, checked_in_by = $4, visitor_credential_id = $5
            WHERE id = $1 AND state = 'APPROVED'
            """;
    private static final String CHECK_OUT = """
            UPDATE visits SET state = 'CHECKED_OUT', checked_out_at = $2, checked_out_by = $3 WHERE id = $1 AND state = 'CHECKED_IN'
            """;
    private static final String CANCEL = """
            UPDATE visits SET state = 'CANCELLED', cancelled_by = $2, cancelled_at = $3, cancel_reason = $4
            WHERE id = $1 AND state IN ('REQUESTED', 'APPROVED')
            """;
    private static final String OVERDUE = """
            UPDATE visits SET overdue_at = $2 WHERE id = $1 AND state = 'CHECKED_IN' AND overdue_at IS NULL
            """;
    private static final String DUE = """
            SELECT id FROM visits WHERE state = $1 AND overdue_at IS NULL AND valid_until <= $2 ORDER BY valid_until, id LIMIT $3
            """;
    private static final String NO_SHOWS = """
            UPDATE visits SET state = 'NO_SHOW' WHERE state = 'APPROVED' AND valid_until <= $1 RETURNING id
            """;
    /**
     * Visits whose presence [check-in, check-out or now) overlaps [$1, $2): who, from where, let in by
     * whom, on which ID type, when in and out, why, to see whom, escorted by whom.
     */
    private static final String LOG = """
            SELECT v.id, vp.name AS visitor_name, coalesce(v.organization, vp.organization) AS organization, v.visitor_person_id,
                   v.host_person_id, hp.name AS host_name, v.escort_person_id, ep.name AS escort_name, v.purpose, v.zone_id,
                   v.approved_by, au.display_name AS approver_name, v.approved_at, v.id_document_type, v.checked_in_at,
                   v.checked_in_by, v.checked_out_at, v.checked_out_by, v.overdue_at, v.visitor_credential_id, v.state
            FROM visits v JOIN persons vp ON vp.id = v.visitor_person_id
            LEFT JOIN persons hp ON hp.id = v.host_person_id
            LEFT JOIN persons ep ON ep.id = v.escort_person_id
            LEFT JOIN users au ON v.approved_by = 'user:' || au.id
            WHERE v.checked_in_at IS NOT NULL AND v.checked_in_at < $2 AND coalesce(v.checked_out_at, 'infinity') >= $1
            ORDER BY v.checked_in_at, v.id LIMIT $3
            """;

    private final Pool pool;

    public VisitStore(Pool pool) {
        this.pool = pool;
    }

    /** A visit with its life cycle; every "by" is an actor id. {@code visitorCard} is for the server's own messages. */
    public record VisitRow(String id, String state, String visitorPersonId, String visitorName, String organization, String hostPersonId,
                           String escortPersonId, String zoneId, String purpose, Instant validFrom, Instant validUntil,
                           String requestedBy, Instant requestedAt, String approvedBy, Instant approvedAt, String decisionComment,
                           String deniedBy, Instant deniedAt, String idDocumentType, Instant checkedInAt, String checkedInBy,
                           Instant checkedOutAt, String checkedOutBy, String visitorCredentialId, String visitorCard,
                           String cancelledBy, Instant cancelledAt, String cancelReason, Instant overdueAt) {

        /** The visit as the API shows it (the badge by its credential id, not its card number). */
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("state", state).put("visitorPersonId", visitorPersonId)
                    .put("visitorName", visitorName).put("organization", organization).put("hostPersonId", hostPersonId)
                    .put("escortPersonId", escortPersonId).put("zoneId", zoneId).put("purpose", purpose)
                    .put("validFrom", text(validFrom)).put("validUntil", text(validUntil)).put("requestedBy", requestedBy)
                    .put("requestedAt", text(requestedAt)).put("approvedBy", approvedBy).put("approvedAt", text(approvedAt))
                    .put("decisionComment", decisionComment).put("deniedBy", deniedBy).put("deniedAt", text(deniedAt))
                    .put("idDocumentType", idDocumentType).put("checkedInAt", text(checkedInAt)).put("checkedInBy", checkedInBy)
                    .put("checkedOutAt", text(checkedOutAt)).put("checkedOutBy", checkedOutBy)
                    .put("visitorCredentialId", visitorCredentialId).put("cancelledBy", cancelledBy)
                    .put("cancelledAt", text(cancelledAt)).put("cancelReason", cancelReason).put("overdueAt", text(overdueAt));
        }
    }

    /** The types of the persons a request names (null: no such active person) and whether its zone exists. */
    public record Refs(String visitorType, String hostType, String escortType, boolean zoneExists) {
    }

    /** What a new visit says. */
    public record Request(String id, String visitorPersonId, String hostPersonId, String escortPersonId, String zoneId, String purpose,
                          String organization, Instant from, Instant until) {
    }

    public Future<Optional<VisitRow>> get(SqlClient c, String id, boolean lock) {
        return c.preparedQuery(lock ? ONE_LOCKED : ONE).execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(row(rs.iterator().next())));
    }

    public Future<Optional<VisitRow>> get(String id) {
        return get(pool, id, false);
    }

    /** Newest requests first; {@code personId} matches the host or the visitor. */
    public Future<List<VisitRow>> list(String state, String personId, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.tuple().addValue(state).addValue(personId).addValue(limit)).map(VisitStore::rows);
    }

    public Future<Refs> refs(SqlClient c, String visitorPersonId, String hostPersonId, String escortPersonId, String zoneId) {
        return c.preparedQuery(REFS).execute(Tuple.of(visitorPersonId, hostPersonId, escortPersonId, zoneId)).map(rs -> {
            Row r = rs.iterator().next();
            return new Refs(r.getString("visitor"), r.getString("host"), r.getString("escort"), r.getBoolean("zone"));
        });
    }

    public Future<Void> insert(SqlClient c, Request v, String requestedBy, Instant at) {
        return c.preparedQuery(INSERT).execute(Tuple.tuple(List.of(v.id(), v.visitorPersonId(), v.zoneId())).addValue(odt(v.from()))
                .addValue(odt(v.until())).addValue(v.escortPersonId()).addValue(v.hostPersonId()).addValue(v.organization())
                .addValue(v.purpose()).addValue(requestedBy).addValue(odt(at))).mapEmpty();
    }

    /** Approves or denies a REQUESTED visit; false when it was no longer requested. */
    public Future<Boolean> decide(SqlClient c, String id, boolean approve, String by, Instant at, String comment) {
        return c.preparedQuery(approve ? APPROVE : DENY).execute(Tuple.of(id, by, odt(at), comment)).map(rs -> rs.rowCount() == 1);
    }

    public Future<Boolean> checkIn(SqlClient c, String id, String idDocumentType, String by, Instant at, String credentialId) {
        return c.preparedQuery(CHECK_IN).execute(Tuple.of(id, idDocumentType, odt(at), by, credentialId)).map(rs -> rs.rowCount() == 1);
    }

    public Future<Boolean> checkOut(SqlClient c, String id, String by, Instant at) {
        return c.preparedQuery(CHECK_OUT).execute(Tuple.of(id, odt(at), by)).map(rs -> rs.rowCount() == 1);
    }

    public Future<Boolean> cancel(SqlClient c, String id, String by, Instant at, String reason) {
        return c.preparedQuery(CANCEL).execute(Tuple.of(id, by, odt(at), reason)).map(rs -> rs.rowCount() == 1);
    }

    /** Marks a checked-in visit found past its end; false when it was checked out (or marked) meanwhile. */
    public Future<Boolean> markOverdue(SqlClient c, String id, Instant at) {
        return c.preparedQuery(OVERDUE).execute(Tuple.of(id, odt(at))).map(rs -> rs.rowCount() == 1);
    }

    /** Visits in {@code state} (CHECKED_IN, APPROVED) past their end at {@code now}, not yet marked overdue, oldest end first. */
    public Future<List<String>> due(String state, Instant now, int limit) {
        return pool.preparedQuery(DUE).execute(Tuple.of(state, odt(now), limit)).map(VisitStore::ids);
    }

    /** Approved visits whose end passed without a check-in become NO_SHOW; their ids. */
    public Future<List<String>> markNoShows(SqlClient c, Instant now) {
        return c.preparedQuery(NO_SHOWS).execute(Tuple.of(odt(now))).map(VisitStore::ids);
    }

    /** The visitor log for [from, to), oldest check-in first, at most {@code limit} rows. */
    public Future<List<JsonObject>> log(Instant from, Instant to, int limit) {
        return pool.preparedQuery(LOG).execute(Tuple.of(odt(from), odt(to), limit)).map(rs -> {
            List<JsonObject> out = new ArrayList<>(rs.size());
            for (Row r : rs) {
                out.add(new JsonObject().put("visitId", r.getString("id")).put("visitorName", r.getString("visitor_name"))
                        .put("organization", r.getString("organization")).put("visitorPersonId", r.getString("visitor_person_id"))
                        .put("hostPersonId", r.getString("host_person_id")).put("hostName", r.getString("host_name"))
                        .put("escortPersonId", r.getString("escort_person_id")).put("escortName", r.getString("escort_name"))
                        .put("purpose", r.getString("purpose")).put("zoneId", r.getString("zone_id"))
                        .put("authorizedBy", r.getString("approved_by")).put("authorizedByName", r.getString("approver_name"))
                        .put("authorizedAt", text(instant(r, "approved_at"))).put("idDocumentType", r.getString("id_document_type"))
                        .put("entryAt", text(instant(r, "checked_in_at"))).put("checkedInBy", r.getString("checked_in_by"))
                        .put("exitAt", text(instant(r, "checked_out_at"))).put("checkedOutBy", r.getString("checked_out_by"))
                        .put("overdueAt", text(instant(r, "overdue_at"))).put("visitorCredentialId", r.getString("visitor_credential_id"))
                        .put("state", r.getString("state")));
            }
            return out;
        });
    }

    private static List<String> ids(RowSet<Row> rs) {
        List<String> out = new ArrayList<>(rs.size());
        rs.forEach(r -> out.add(r.getString("id")));
        return out;
    }

    private static List<VisitRow> rows(RowSet<Row> rs) {
        List<VisitRow> out = new ArrayList<>(rs.size());
        rs.forEach(r -> out.add(row(r)));
        return out;
    }

    private static VisitRow row(Row r) {
        return new VisitRow(r.getString("id"), r.getString("state"), r.getString("visitor_person_id"), r.getString("visitor_name"),
                r.getString("organization"), r.getString("host_person_id"), r.getString("escort_person_id"), r.getString("zone_id"),
                r.getString("purpose"), instant(r, "valid_from"), instant(r, "valid_until"), r.getString("requested_by"),
                instant(r, "requested_at"), r.getString("approved_by"), instant(r, "approved_at"), r.getString("decision_comment"),
                r.getString("denied_by"), instant(r, "denied_at"), r.getString("id_document_type"), instant(r, "checked_in_at"),
                r.getString("checked_in_by"), instant(r, "checked_out_at"), r.getString("checked_out_by"),
                r.getString("visitor_credential_id"), r.getString("visitor_card"), r.getString("cancelled_by"),
                instant(r, "cancelled_at"), r.getString("cancel_reason"), instant(r, "overdue_at"));
    }
}
