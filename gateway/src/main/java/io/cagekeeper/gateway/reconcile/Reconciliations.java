package io.cagekeeper.gateway.reconcile;

import io.cagekeeper.gateway.access.DecisionRecords;
import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.policy.SnapshotArchive;
import io.cagekeeper.reconciliation.Progress;
import io.cagekeeper.reconciliation.ReconciliationRun;
import io.cagekeeper.reconciliation.exceptions.Settings;
import io.cagekeeper.reconciliation.input.DbInputs;
import io.cagekeeper.reconciliation.input.EventSource;
import io.cagekeeper.reconciliation.input.Inputs;
import io.cagekeeper.reconciliation.input.InputException;
import io.cagekeeper.reconciliation.input.RowErrors;
import io.cagekeeper.reconciliation.input.Times;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciler of the {@code reconciliation} module over the gateway's own database, the same
 * code as {@code reconcile --db}, plus POLICY_DRIFT from the gateway's decision records and policy
 * archive ({@link StoredDecisionHistory}). Runs queue on one low-priority thread of their own, one at a
 * time, so an auditor's month-long run takes at most one core from the badges. Every report is stored
 * with its SHA-256 and never rewritten; a run the gateway was stopped in is closed as FAILED at the next
 * start, never left RUNNING.
 */
public final class Reconciliations {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliations.class);
    static final Duration LONGEST = Duration.ofDays(366);
    static final String PSEUDONYMS = "cagekeeper reconciliation pseudonyms v1";

    private final ReconciliationStore store;
    private final PgConnectOptions connect;
    private final DecisionRecords records;
    private final SnapshotArchive archive;
    private final GatewayConfig.Reconciliation config;
    private final java.util.function.Supplier<java.time.ZoneId> siteZone;
    private final ReportEvidenceMaker evidence;
    private final PdfSigner pdfSigner;
    private final byte[] pseudonymKey;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reconciliation");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    /** Runs in progress: events read so far and when they started (nanoTime). */
    private final Map<Long, long[]> running = new ConcurrentHashMap<>();

    public Reconciliations(ReconciliationStore store, PgConnectOptions connect, DecisionRecords records, SnapshotArchive archive,
                           GatewayConfig.Reconciliation config, java.util.function.Supplier<java.time.ZoneId> siteZone,
                           io.cagekeeper.gateway.tlog.LogProofs proofs, io.cagekeeper.evidence.NoteKey siteKey, PdfSigner pdfSigner) {
        this.store = store;
        this.connect = connect;
        this.records = records;
        this.archive = archive;
        this.config = config;
        this.siteZone = siteZone;
        this.evidence = new ReportEvidenceMaker(proofs, siteKey);
        this.pdfSigner = pdfSigner;
        // stable across reports (the same person has the same pseudonym in every shareable report of the site), secret with the site key
        this.pseudonymKey = siteKey.derive(PSEUDONYMS);
    }

    /** The site's time zone as the policy in force says (UTC before one is loaded). */
    public java.time.ZoneId siteZone() {
        return siteZone.get();
    }

    /**
     * The PDF signer of {@code config}, loaded now so that a bad file stops start-up naming its setting;
     * null when none is configured.
     */
    public static PdfSigner pdfSigner(GatewayConfig.Reconciliation config) {
        if (config.pdfSignerCert() == null) {
            return null;
        }
        java.util.List<java.security.cert.X509Certificate> chain;
        java.security.PrivateKey key;
        try {
            chain = io.cagekeeper.gateway.pki.PemFiles.readCertificates(config.pdfSignerCert());
        } catch (RuntimeException e) {
            throw new io.cagekeeper.gateway.config.ConfigException("setting 'reconciliation.pdfSignerCert': " + e.getMessage());
        }
        try {
            key = io.cagekeeper.gateway.pki.PemFiles.readPrivateKey(config.pdfSignerKey());
        } catch (RuntimeException e) {
            throw new io.cagekeeper.gateway.config.ConfigException("setting 'reconciliation.pdfSignerKey': " + e.getMessage());
        }
        PdfSigner signer = new PdfSigner(key, chain);
        try {
            signer.sign(PdfSigner.blank(), "start-up check", Instant.now());
        } catch (IOException | RuntimeException e) {
            throw new io.cagekeeper.gateway.config.ConfigException("settings 'reconciliation.pdfSignerKey' and 'reconciliation.pdfSignerCert'"
                    + " do not sign: " + e.getMessage());
        }
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new io.cagekeeper.gateway.config.ConfigException("setting 'reconciliation.pdfSignerKey' is not the key of the certificate");
        }
        return signer;
    }

    /** Closes the runs a stopped gateway left without an outcome. */
    public Future<Void> start() {
        return store.unfinished().compose(ids -> {
            Future<Void> all = Future.succeededFuture();
            for (long id : ids) {
                all = all.compose(v -> store.failed(id, 0, "the gateway stopped while it ran; ask for it again"));
            }
            return all;
        });
    }

    public GatewayConfig.Reconciliation config() {
        return config;
    }

    /**
     * Asks for a reconciliation of [from, to); answers once it is stored as requested, before it runs.
     * Fails with {@link BadRequest} for a period that is empty, longer than a year or not yet over.
     */
    public Future<JsonObject> request(Instant from, Instant to, String trigger, String by) {
        if (!to.isAfter(from)) {
            return Future.failedFuture(new BadRequest("to must be after from"));
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            return Future.failedFuture(new BadRequest("the period spans at most 366 days"));
        }
        if (to.isAfter(Instant.now())) {
            return Future.failedFuture(new BadRequest("the period must be over: to is in the future"));
        }
        return store.request(config.site(), from, to, trigger, by).map(r -> {
            running.put(r.id(), new long[] {0, System.nanoTime()});
            worker.execute(() -> run(r.id(), from, to));
            return new JsonObject().put("id", r.id()).put("site", config.site()).put("from", from.toString()).put("to", to.toString())
                    .put("trigger", trigger).put("requestedBy", by).put("requestedAt", r.requestedAt().toString()).put("state", "RUNNING");
        });
    }

    /** The stored state of one run, with the progress of a run in progress. */
    public Future<Optional<JsonObject>> find(long id) {
        return store.find(id).map(found -> found.map(this::withProgress));
    }

    public Future<JsonArray> list(Long before, int limit) {
        return store.list(before, limit).map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> out.add(withProgress((JsonObject) r)));
            return out;
        });
    }

    private JsonObject withProgress(JsonObject row) {
        long[] p = running.get(row.getLong("id"));
        if (p != null && "RUNNING".equals(row.getString("state"))) {
            double seconds = Math.max((System.nanoTime() - p[1]) / 1e9, 1e-3);
            row.put("eventsRead", p[0]).put("eventsPerSecond", Math.round(p[0] / seconds));
        }
        return row;
    }

    /**
     * Signs a finished report off. The reviewer must differ from the preparer and have approved none of
     * the access the report reviews: the approvers named in its access review and its approvals.
     */
    public Future<JsonObject> signOff(long id, String role, String by, String comment) {
        return store.find(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new BadRequest(404, "no reconciliation " + id));
            }
            JsonObject r = found.get();
            if (!"DONE".equals(r.getString("state"))) {
                return Future.failedFuture(new BadRequest(409, "reconciliation " + id + " has no report to sign (" + r.getString("state") + ")"));
            }
            JsonObject preparer = null;
            for (Object o : r.getJsonArray("signoffs")) {
                JsonObject s = (JsonObject) o;
                if (s.getString("role").equals(role)) {
                    return Future.failedFuture(new BadRequest(409, "the " + role + " signed reconciliation " + id + " off already"));
                }
                if (s.getString("role").equals("preparer")) {
                    preparer = s;
                }
            }
            if (role.equals("reviewer")) {
                if (preparer == null) {
                    return Future.failedFuture(new BadRequest(409, "the preparer signs off first"));
                }
                if (preparer.getString("signedBy").equals(by)) {
                    return Future.failedFuture(new BadRequest(403, "the reviewer must not be the preparer"));
                }
            }
            Future<Void> allowed = !role.equals("reviewer") ? Future.succeededFuture()
                    : store.files(id).compose(files -> approvers(files.orElseThrow().json()).contains(by)
                            ? Future.failedFuture(new BadRequest(403, "the reviewer approved access this report reviews"))
                            : Future.succeededFuture());
            return allowed.compose(v -> store.signOff(id, role, by, r.getString("reportSha256"), comment))
                    .map(v -> new JsonObject().put("reconciliation", id).put("role", role).put("signedBy", by)
                            .put("reportSha256", r.getString("reportSha256")).put("comment", comment));
        });
    }

    /**
     * Records the triage of one exception of a finished report; the newest disposition of an exception is
     * carried into every later report that finds it again (the exception's id is stable across runs).
     */
    public Future<JsonObject> dispose(long id, String exceptionId, String value, String by, String comment) {
        return store.files(id).compose(files -> {
            if (files.isEmpty()) {
                return Future.failedFuture(new BadRequest(404, "reconciliation " + id + " has no finished report"));
            }
            JsonObject report = new JsonObject(io.vertx.core.buffer.Buffer.buffer(files.get().json()));
            boolean found = report.getJsonArray("exceptions").stream()
                    .anyMatch(o -> exceptionId.equals(((JsonObject) o).getString("id")));
            if (!found) {
                return Future.failedFuture(new BadRequest(404, "report " + id + " has no exception " + exceptionId));
            }
            return store.dispose(id, exceptionId, value, by, comment).map(at -> new JsonObject().put("reconciliation", id)
                    .put("exception", exceptionId).put("disposition", value).put("reviewer", by).put("comment", comment)
                    .put("at", at.toString()));
        });
    }

    /** Everyone the report names as having approved access under review. */
    static Set<String> approvers(byte[] reportJson) {
        JsonObject report = new JsonObject(io.vertx.core.buffer.Buffer.buffer(reportJson));
        Set<String> out = new HashSet<>();
        JsonArray review = report.getJsonArray("access_review", new JsonArray());
        for (Object o : review) {
            if (o instanceof JsonObject item && item.getString("approved_by") != null) {
                out.add(item.getString("approved_by"));
            }
        }
        return out;
    }

    public Future<Optional<ReconciliationStore.Stored>> files(long id) {
        return store.files(id);
    }

    public Future<Boolean> nightlyRequested(Instant from, Instant to) {
        return store.nightlyRequested(from, to);
    }

    /** On the worker thread: read, reconcile, store. Never throws; a failure is the run's outcome. */
    private void run(long id, Instant from, Instant to) {
        long[] progress = running.get(id);
        long f = Times.micros(from);
        long t = Times.micros(to);
        long now = Times.micros(Instant.now());
        Path dir = null;
        Future<Void> stored;
        try {
            dir = Files.createTempDirectory("cagekeeper-reconciliation-");
            Settings settings = settings();
            RowErrors errors = new RowErrors();
            ReconciliationRun.Written written;
            var dispositions = store.dispositions().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            try (DbInputs db = new DbInputs(connect, errors, f, t, now)) {
                Inputs inputs = db.load();
                Progress counting = (rows, done) -> progress[0] = rows;
                try (EventSource events = db.events()) {
                    written = ReconciliationRun.write(inputs, events, new StoredDecisionHistory(records, archive, now), config.site(),
                            f, t, settings, null, dispositions, pseudonymKey, dir, now, counting);
                }
            }
            if (!errors.isEmpty()) {
                stored = store.failed(id, progress[0], errors.count() + " rows refused, no report (first: " + errors.kept().get(0) + ")");
            } else {
                byte[] json = written.json();
                String reportId = new JsonObject(io.vertx.core.buffer.Buffer.buffer(json)).getJsonObject("header").getString("id");
                String sha = io.cagekeeper.reconciliation.report.Hashes.sha256(json);
                var proven = evidence.prove(json);
                var files = signed(json, written.csv(), Files.readAllBytes(dir.resolve("report.pdf")), reportId, from, to, "report.json",
                        proven);
                var shareable = signed(Files.readAllBytes(dir.resolve("report-shareable.json")),
                        Files.readString(dir.resolve("exceptions-shareable.csv"), StandardCharsets.UTF_8),
                        Files.readAllBytes(dir.resolve("report-shareable.pdf")), reportId, from, to, "report-shareable.json", proven);
                stored = store.done(id, reportId, written.result().findings().size(), progress[0], sha, files, shareable);
                LOG.info("reconciliation {} of {} .. {}: {} exceptions, report {}", id, from, to, written.result().findings().size(),
                        reportId);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("reconciliation {}: dispositions unreadable: {}", id, e.toString());
            stored = store.failed(id, progress[0], "the dispositions could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stored = store.failed(id, progress[0], "interrupted");
        } catch (IOException | RuntimeException e) {
            LOG.warn("reconciliation {} failed: {}", id, e.toString());
            stored = store.failed(id, progress[0], e instanceof InputException ? e.getMessage() : "the run failed: " + e.getMessage());
        } finally {
            delete(dir);
        }
        try {
            stored.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("reconciliation {}: its outcome could not be stored: {}", id, e.toString());
        } finally {
            running.remove(id);
        }
    }

    /** One variant's files with its JSON's signature and evidence (the cited events proven once for both), its PDF signed when a signer is configured. */
    private ReconciliationStore.Files signed(byte[] json, String csv, byte[] pdf, String reportId, Instant from, Instant to, String name,
                                             ReportEvidenceMaker.Proven proven) throws IOException {
        if (pdfSigner != null) {
            pdf = pdfSigner.sign(pdf, "Cagekeeper reconciliation " + reportId + " of " + config.site() + ", " + from + " to " + to
                    + "; " + name + " SHA-256 " + io.cagekeeper.reconciliation.report.Hashes.sha256(json), Instant.now());
        }
        return new ReconciliationStore.Files(json, csv, pdf, evidence.sign(json), evidence.evidence(json, proven));
    }

    /** The thresholds file's values (or the defaults), in the policy's site time zone unless the file names one. */
    private Settings settings() throws IOException {
        Map<String, String> values = new TreeMap<>();
        if (config.settingsFile() != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(config.settingsFile(), StandardCharsets.UTF_8)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        }
        values.putIfAbsent("site.timeZone", siteZone().getId());
        return Settings.of(values);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.toString());
        }
    }

    public void close() {
        worker.shutdownNow();
    }

    /** For tests: completes once the queue has run everything asked before this call. */
    Future<Void> drained() {
        Promise<Void> p = Promise.promise();
        worker.execute(() -> p.complete());
        return p.future();
    }
}
