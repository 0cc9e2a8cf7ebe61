package io.cagekeeper.gateway.reconcile;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Owns {@code reconciliations}, {@code reconciliation_reports}, {@code reconciliation_signoffs} (migration
 * V17) and {@code reconciliation_dispositions} (V18): a request, its one outcome (the report files or the
 * reason there is none), its sign-offs and the triage of its exceptions, each written once and never
 * rewritten, so a stored report is the one the auditor was given.
 */
public final class ReconciliationStore {

    private static final String INSERT = """
            INSERT INTO reconciliations (site, period_from, period_to, trigger, requested_by) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, requested_at
            """;
    private static final String FINISH = """
            INSERT INTO reconciliation_reports (reconciliation_id, outcome, report_id, exceptions, events_read, report_sha256,
                                                report_json, exceptions_csv, report_pdf, error, report_sig, evidence,
                                                shareable_json, shareable_csv, shareable_pdf, shareable_sig, shareable_evidence)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT (reconciliation_id) DO NOTHING
            """;
    private static final String COLUMNS = """
            r.id, r.site, r.period_from, r.period_to, r.trigger, r.requested_by, r.requested_at, p.finished_at, p.outcome,
            p.report_id, p.exceptions, p.events_read, p.report_sha256, p.error,
            (SELECT json_agg(json_build_object('role', s.role, 'signedBy', s.signed_by, 'signedAt', s.signed_at,
                                               'comment', s.comment) ORDER BY s.signed_at)
             FROM reconciliation_signoffs s WHERE s.reconciliation_id = r.id) AS signoffs
            """;
    private static final String LIST = "SELECT " + COLUMNS + """
            FROM reconciliations r LEFT JOIN reconciliation_reports p ON p.reconciliation_id = r.id
            WHERE ($1::bigint IS NULL OR r.id < $1) ORDER BY r.id DESC LIMIT $2
            """;
    private static final String ONE = "SELECT " + COLUMNS + """
            FROM reconciliations r LEFT JOIN reconciliation_reports p ON p.reconciliation_id = r.id WHERE r.id = $1
            """;
    private static final String FILE = """
            SELECT p.report_json, p.exceptions_csv, p.report_pdf, p.report_sig, p.evidence,
                   p.shareable_json, p.shareable_csv, p.shareable_pdf, p.shareable_sig, p.shareable_evidence FROM reconciliation_reports p
            WHERE p.reconciliation_id = $1 AND p.outcome = 'DONE'
            """;
    private static final String UNFINISHED = """
            SELECT r.id FROM reconciliations r
            WHERE NOT EXISTS (SELECT 1 FROM reconciliation_reports p WHERE p.reconciliation_id = r.id) ORDER BY r.id
            """;
    private static final String NIGHTLY_DONE = """
            SELECT 1 FROM reconciliations WHERE trigger = 'nightly' AND period_from = $1 AND period_to = $2
            """;
    private static final String SIGN = """
            INSERT INTO reconciliation_signoffs (reconciliation_id, role, signed_by, report_sha256, comment) VALUES ($1, $2, $3, $4, $5)
            """;

    private static final String DISPOSE = """
            INSERT INTO reconciliation_dispositions (exception_id, reconciliation_id, disposition, reviewer, comment)
            VALUES ($1, $2, $3, $4, $5) RETURNING decided_at
            """;
    /** The newest disposition of every exception: what the next report carries. */
    private static final String DISPOSITIONS = """
            SELECT DISTINCT ON (exception_id) exception_id, disposition, reviewer, comment, decided_at
            FROM reconciliation_dispositions ORDER BY exception_id, id DESC
            """;

    /** One request as stored. */
    public record Request(long id, Instant requestedAt) {
    }

    /** A finished run's report files, its signature and its evidence. */
    public record Files(byte[] json, String csv, byte[] pdf, String signature, String evidence) {
    }

    /** The full report and its shareable (pseudonymised) variant (null for a report stored without one). */
    public record Stored(Files full, Files shareable) {
        public byte[] json() {
            return full.json();
        }
    }

    private final Pool pool;

    public ReconciliationStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Request> request(String site, Instant from, Instant to, String trigger, String by) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(site, utc(from), utc(to), trigger, by)).map(rows -> {
            Row r = rows.iterator().next();
            return new Request(r.getLong(0), r.getOffsetDateTime(1).toInstant());
        });
    }

    public Future<Void> done(long id, String reportId, int exceptions, long eventsRead, String sha256, Files files, Files shareable) {
        return pool.preparedQuery(FINISH).execute(Tuple.from(new Object[] {id, "DONE", reportId, exceptions, eventsRead, sha256,
            Buffer.buffer(files.json()), files.csv(), Buffer.buffer(files.pdf()), null, files.signature(), files.evidence(),
            Buffer.buffer(shareable.json()), shareable.csv(), Buffer.buffer(shareable.pdf()), shareable.signature(), shareable.evidence()}))
                .mapEmpty();
    }

    public Future<Void> failed(long id, long eventsRead, String error) {
        return pool.preparedQuery(FINISH).execute(Tuple.from(new Object[] {id, "FAILED", null, null, eventsRead, null, null, null, null,
            error, null, null, null, null, null, null, null})).mapEmpty();
    }

    /** Newest first, {@code limit} of them, those before {@code before} when it is given. */
    public Future<JsonArray> list(Long before, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(before, limit)).map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> out.add(json(r)));
            return out;
        });
    }

    public Future<Optional<JsonObject>> find(long id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(json(rows.iterator().next())));
    }

    public Future<Optional<Stored>> files(long id) {
        return pool.preparedQuery(FILE).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            Files shareable = r.getBuffer(5) == null ? null : files(r, 5);
            return Optional.of(new Stored(files(r, 0), shareable));
        });
    }

    private static Files files(Row r, int from) {
        Buffer pdf = r.getBuffer(from + 2);
        return new Files(r.getBuffer(from).getBytes(), r.getString(from + 1), pdf == null ? null : pdf.getBytes(), r.getString(from + 3),
                r.getString(from + 4));
    }

    /** Requests with no outcome: a gateway stopped while they ran. */
    public Future<java.util.List<Long>> unfinished() {
        return pool.query(UNFINISHED).execute().map(rows -> {
            java.util.List<Long> ids = new java.util.ArrayList<>();
            rows.forEach(r -> ids.add(r.getLong(0)));
            return ids;
        });
    }

    /** Whether the nightly run over exactly this period was requested already (by this gateway or before a restart). */
    public Future<Boolean> nightlyRequested(Instant from, Instant to) {
        return pool.preparedQuery(NIGHTLY_DONE).execute(Tuple.of(utc(from), utc(to))).map(rows -> rows.size() > 0);
    }

    /** Records a sign-off of the report with this digest; a second one of the same role is a unique violation. */
    public Future<Void> signOff(long id, String role, String by, String sha256, String comment) {
        return pool.preparedQuery(SIGN).execute(Tuple.of(id, role, by, sha256, comment)).mapEmpty();
    }

    /** Records a disposition of one exception of report {@code id}; the time it was recorded. */
    public Future<Instant> dispose(long id, String exceptionId, String value, String by, String comment) {
        return pool.preparedQuery(DISPOSE).execute(Tuple.of(exceptionId, id, value, by, comment))
                .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /** The newest disposition of every exception, by exception id. */
    public Future<java.util.Map<String, io.cagekeeper.reconciliation.report.Disposition>> dispositions() {
        return pool.query(DISPOSITIONS).execute().map(rows -> {
            java.util.Map<String, io.cagekeeper.reconciliation.report.Disposition> out = new java.util.TreeMap<>();
            for (Row r : rows) {
                out.put(r.getString(0), new io.cagekeeper.reconciliation.report.Disposition(r.getString(0), r.getString(1),
                        r.getString(2), r.getString(3), r.getOffsetDateTime(4).toInstant().toString()));
            }
            return out;
        });
    }

    private static JsonObject json(Row r) {
        OffsetDateTime finished = r.getOffsetDateTime("finished_at");
        String outcome = r.getString("outcome");
        Object signoffs = r.getValue("signoffs");
        return new JsonObject().put("id", r.getLong("id")).put("site", r.getString("site"))
                .put("from", r.getOffsetDateTime("period_from").toInstant().toString())
                .put("to", r.getOffsetDateTime("period_to").toInstant().toString())
                .put("trigger", r.getString("trigger")).put("requestedBy", r.getString("requested_by"))
                .put("requestedAt", r.getOffsetDateTime("requested_at").toInstant().toString())
                .put("state", outcome == null ? "RUNNING" : outcome)
                .put("finishedAt", finished == null ? null : finished.toInstant().toString())
                .put("reportId", r.getString("report_id")).put("exceptions", r.getInteger("exceptions"))
                .put("eventsRead", r.getLong("events_read")).put("reportSha256", r.getString("report_sha256"))
                .put("error", r.getString("error"))
                .put("signoffs", signoffs instanceof JsonArray a ? a : new JsonArray());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
