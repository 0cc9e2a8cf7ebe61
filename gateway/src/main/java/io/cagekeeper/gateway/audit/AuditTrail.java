package io.cagekeeper.gateway.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Owns {@code audit_trail} (append-only for the gateway's database role). A change writes its row
 * with {@link #append(SqlClient, AuditEntry)} inside the change's own transaction, so a change
 * without its trail (or a trail without its change) cannot be committed; refusals and logins, which
 * change nothing else, use {@link #record}.
 */
public final class AuditTrail {

    static final String INSERT = """
            INSERT INTO audit_trail (actor, address, action, resource, resource_id, outcome, status, before, after, detail, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """;

    private final Pool pool;

    public AuditTrail(Pool pool) {
        this.pool = pool;
    }

    /** Writes the entry in {@code c}'s transaction. */
    public Future<Void> append(SqlClient c, AuditEntry e) {
        return c.preparedQuery(INSERT).execute(tuple(e)).mapEmpty();
    }

    /** Writes many entries in {@code c}'s transaction in one pipelined batch (a bulk import: one row per person). */
    public Future<Void> appendAll(SqlClient c, java.util.List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Future.succeededFuture();
        }
        return c.preparedQuery(INSERT).executeBatch(entries.stream().map(AuditTrail::tuple).toList()).mapEmpty();
    }

    /** Writes the entry on its own (refused calls, logins). */
    public Future<Void> record(AuditEntry e) {
        return append(pool, e);
    }

    static Tuple tuple(AuditEntry e) {
        return Tuple.tuple().addValue(e.actor()).addValue(e.address()).addValue(e.action()).addValue(e.resource()).addValue(e.resourceId())
                .addValue(e.outcome()).addValue(e.status()).addValue(e.before()).addValue(e.after())
                .addValue(e.detail()).addValue(e.requestId());
    }
}
