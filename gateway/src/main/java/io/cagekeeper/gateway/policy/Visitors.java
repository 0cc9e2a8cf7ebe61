package io.cagekeeper.gateway.policy;

import static io.cagekeeper.gateway.policy.PolicyStore.odt;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The visitor's side of a visit in the person and credential tables: a visitor person created at the
 * request (name and organization only), and the temporary badge issued at check-in, which belongs to
 * the visit ({@code credentials.visit_id}), is valid no longer than the visit, and is deactivated
 * ({@code EXPIRED}) at check-out or by the overdue sweep. Every status change also writes its
 * {@code credential_status_changes} row, in the caller's transaction.
 */
public final class Visitors {

    private static final String CREATE_VISITOR = """
            INSERT INTO persons (id, name, type, organization, created_at, created_by) VALUES ($1, $2, 'VISITOR', $3, $4, $5)
            """;
    private static final String ISSUE = """
            INSERT INTO credentials (id, card, person_id, status, valid_from, valid_until, status_changed_at, status_changed_by,
                                     issued_at, issued_by, visit_id)
            VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $6, $7, $6, $7, $8)
            """;
    /** Only a badge that could still open a door is expired: a lost, stolen or revoked one keeps what it says. */
    private static final String EXPIRE = """
            WITH old AS (SELECT id, status FROM credentials WHERE id = $1 AND status IN ('ACTIVE', 'SUSPENDED') FOR UPDATE)
            UPDATE credentials c SET status = 'EXPIRED', status_changed_at = $2, status_changed_by = $3
            FROM old WHERE c.id = old.id RETURNING old.status
            """;
    private static final String STATUS_CHANGE = """
            INSERT INTO credential_status_changes (credential_id, from_status, to_status, at, actor, reason) VALUES ($1, $2, $3, $4, $5, $6)
            """;

    /** Creates a VISITOR person; returns nothing, the caller chose the id. */
    public Future<Void> create(SqlClient c, String personId, String name, String organization, String by, Instant at) {
        return c.preparedQuery(CREATE_VISITOR).execute(Tuple.of(personId, name, organization, odt(at), by)).mapEmpty();
    }

    /** Issues the visit's badge, valid in [from, until), with its first status-change row. */
    public Future<Void> issue(SqlClient c, String credentialId, String card, String personId, Instant from, Instant until, String visitId,
                              String by, Instant at) {
        return c.preparedQuery(ISSUE).execute(Tuple.tuple(List.of(credentialId, card, personId)).addValue(odt(from)).addValue(odt(until))
                        .addValue(odt(at)).addValue(by).addValue(visitId))
                .compose(rs -> change(c, credentialId, null, "ACTIVE", at, by, "visitor badge issued at check-in of visit " + visitId));
    }

    /** Deactivates the badge at once; the status it had, or empty when it could no longer open a door anyway. */
    public Future<Optional<String>> expire(SqlClient c, String credentialId, String by, Instant at, String reason) {
        return c.preparedQuery(EXPIRE).execute(Tuple.of(credentialId, odt(at), by)).compose(rs -> {
            if (rs.size() == 0) {
                return Future.succeededFuture(Optional.<String>empty());
            }
            String from = rs.iterator().next().getString(0);
            return change(c, credentialId, from, "EXPIRED", at, by, reason).map(v -> Optional.of(from));
        });
    }

    private static Future<Void> change(SqlClient c, String credentialId, String from, String to, Instant at, String by, String reason) {
        return c.preparedQuery(STATUS_CHANGE).execute(Tuple.of(credentialId, from, to, odt(at), by, reason)).mapEmpty();
    }
}
