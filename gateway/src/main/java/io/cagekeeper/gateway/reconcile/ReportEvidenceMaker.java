package io.cagekeeper.gateway.reconcile;

import io.cagekeeper.evidence.DetachedSignature;
import io.cagekeeper.evidence.NoteKey;
import io.cagekeeper.evidence.ReportEvidence;
import io.cagekeeper.gateway.http.BadRequest;
import io.cagekeeper.gateway.tlog.LogProofs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Makes a stored report verifiable offline: its detached Ed25519 signature by the site key
 * ({@code report.sig}) and its evidence ({@code evidence.txt}: one signed checkpoint and the inclusion
 * proof of every event the report cites in that checkpoint's tree). An event is logged a moment after it
 * is stored and checkpoints come every few seconds, so a report over the last minutes waits (up to
 * {@value #WAIT_S} s) for a checkpoint that covers every cited event; what is still not provable then is
 * listed as unproven, with why, and {@code verify} fails on it rather than pass a report it cannot prove.
 * Blocks its caller (the reconciliation's worker thread).
 */
final class ReportEvidenceMaker {

    static final long WAIT_S = 60;
    private static final long RETRY_MS = 2_000;

    private final LogProofs proofs;
    private final NoteKey key;

    ReportEvidenceMaker(LogProofs proofs, NoteKey key) {
        this.proofs = proofs;
        this.key = key;
    }

    /** The detached signature of the report's bytes. */
    String sign(byte[] reportJson) {
        return DetachedSignature.sign(reportJson, key);
    }

    /**
     * The proofs of every event the report cites, in one checkpoint. A report's variants (full and
     * shareable) cite the same events, so they are proven once and encoded per variant ({@link #evidence}).
     */
    Proven prove(byte[] reportJson) throws InterruptedException {
        TreeSet<Long> cited = ReportEvidence.cited(reportJson);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (true) {
            Proven a = attempt(cited);
            boolean late = a.unproven.values().stream().anyMatch(why -> why.contains("after the checkpoint") || why.contains("(yet)")
                    || why.contains("no checkpoint yet"));
            if (!late || System.nanoTime() > deadline) {
                return a;
            }
            Thread.sleep(RETRY_MS);
        }
    }

    /** The evidence file of one variant of the report: its digest with the proofs of the events it cites. */
    String evidence(byte[] reportJson, Proven proven) {
        if (!ReportEvidence.cited(reportJson).equals(proven.cited())) {
            throw new IllegalArgumentException("the report cites other events than those proven");
        }
        return new ReportEvidence(ReportEvidence.sha256(reportJson), proven.proofs, proven.unproven, proven.checkpoint).encode();
    }

    /** The cited events' proofs (or why not) in one checkpoint. */
    record Proven(java.util.Set<Long> cited, Map<Long, ReportEvidence.Proof> proofs, Map<Long, String> unproven, String checkpoint) {
    }

    /** Every cited event's proof in one checkpoint: the latest when the attempt starts. */
    private Proven attempt(TreeSet<Long> cited) {
        Map<Long, ReportEvidence.Proof> found = new HashMap<>();
        Map<Long, String> unproven = new HashMap<>();
        String checkpoint;
        try {
            checkpoint = await(proofs.latestNote());
        } catch (BadRequest e) {
            cited.forEach(id -> unproven.put(id, e.getMessage()));
            return new Proven(cited, found, unproven, "");
        }
        long size = io.cagekeeper.evidence.Checkpoint.parse(io.cagekeeper.evidence.SignedNote.parse(checkpoint).text()).size();
        for (long id : cited) {
            try {
                JsonObject p = await(proofs.inclusion("event", id, size));
                List<byte[]> path = new ArrayList<>();
                p.getJsonArray("proof").forEach(h -> path.add(Base64.getDecoder().decode((String) h)));
                found.put(id, new ReportEvidence.Proof(p.getLong("index"), Base64.getDecoder().decode(p.getString("leaf")), path));
            } catch (BadRequest e) {
                unproven.put(id, e.getMessage());
            }
        }
        return new Proven(cited, found, unproven, checkpoint);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof BadRequest b) {
                throw b;
            }
            throw new IllegalStateException("the log: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the log: no answer in 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
