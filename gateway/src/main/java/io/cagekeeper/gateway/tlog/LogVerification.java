package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.gateway.db.PgEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;

/** verify-log for the API: on a worker thread, over its own two JDBC connections, never on the event loop. */
public final class LogVerification {

    private final Vertx vertx;
    private final PgEndpoint db;
    private final NoteKey key;

    public LogVerification(Vertx vertx, PgEndpoint db, NoteKey key) {
        this.vertx = vertx;
        this.db = db;
        this.key = key;
    }

    /** Verifies leaves {@code [from, to)} against the latest stored checkpoint. */
    public Future<LogVerifier.Report> verify(long from, long to) {
        return vertx.executeBlocking(() -> {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                return new LogVerifier(key).verify(c, () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()), null,
                        from, to);
            }
        }, false);
    }

    /** A report as the API answers it. */
    public static JsonObject json(LogVerifier.Report r) {
        JsonArray findings = new JsonArray();
        r.findings().forEach(f -> findings.add(new JsonObject().put("index", f.index() < 0 ? null : f.index()).put("kind", f.kind())
                .put("id", f.kind() == null ? null : f.rowId()).put("problem", f.problem())));
        return new JsonObject().put("ok", r.ok()).put("checkpointSize", r.checkpointSize()).put("from", r.from()).put("to", r.to())
                .put("rowsChecked", r.rowsChecked()).put("first", findings.isEmpty() ? null : findings.getJsonObject(0))
                .put("findings", findings);
    }
}
