package io.cagekeeper.gateway.access;

import io.cagekeeper.gateway.events.GroupCommit;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owns {@code reader_messages} (the durable claims of {@link MessageClaims}) and {@code reader_clocks}.
 *
 * <p>Claims are group-committed (claims arriving during a write share the next statement) through a
 * pool whose sessions run with {@code synchronous_commit = off}: a claim is then as durable as the
 * database process (it survives a gateway crash, which is what replay protection needs) without an
 * fsync on the path of every badge. The event row of the same message is committed synchronously later,
 * and PostgreSQL writes its WAL in order, so a stored event implies its claim is on disk too.
 */
public final class ReaderMessageStore implements MessageClaims {

    private static final String CLAIM_MANY = """
            INSERT INTO reader_messages (reader_id, msg_id, seq, kind, device_ts, received_at, in_sequence, seq_reset)
            SELECT r, m, s, k, t::timestamptz, a::timestamptz, i, z
            FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[])
                 AS u(r, m, s, k, t, a, i, z)
            ON CONFLICT (reader_id, msg_id) DO NOTHING
            RETURNING reader_id, msg_id
            """;
    private static final String RESULT = "SELECT result FROM events WHERE event_key = $1";
    private static final String RECENT = """
            SELECT reader_id, msg_id FROM reader_messages WHERE received_at > $1 ORDER BY received_at DESC LIMIT $2
            """;
    /** The highest in-sequence seq of each reader since its last reset (the high-water mark to resume from). */
    private static final String HIGH_WATER = """
            WITH resets AS (
                SELECT reader_id, max(received_at) AS since FROM reader_messages WHERE seq_reset GROUP BY reader_id)
            SELECT m.reader_id, max(m.seq) AS high
            FROM reader_messages m LEFT JOIN resets r ON r.reader_id = m.reader_id
            WHERE m.in_sequence AND (r.since IS NULL OR m.received_at >= r.since)
            GROUP BY m.reader_id
            """;
    private static final String CLOCKS = "SELECT reader_id, samples_ms FROM reader_clocks";
    private static final String SAVE_CLOCK = """
            INSERT INTO reader_clocks (reader_id, samples_ms, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (reader_id) DO UPDATE SET samples_ms = EXCLUDED.samples_ms, updated_at = EXCLUDED.updated_at
            """;

    private record Pending(Claim claim, Promise<Boolean> fresh) {
    }

    /** What a restarted gateway resumes from. */
    public record Memory(Map<String, Long> highWater, Map<String, List<Long>> clockSamples, Set<String> recentKeys) {
    }

    private final Pool pool;
    /**
     * Group commits side by side, a reader always on the same one (so one reader's claims complete in
     * the order they were made), each with a connection of the pool: under load a claim waits for the
     * batch in flight on its shard only.
     */
    private final List<GroupCommit<Pending>> shards = new ArrayList<>();

    /**
     * @param asyncCommitPool a pool whose sessions have {@code synchronous_commit = off}, with at least
     *                        {@code shards} connections
     */
    public ReaderMessageStore(Pool asyncCommitPool, int shards) {
        this.pool = asyncCommitPool;
        for (int i = 0; i < shards; i++) {
            this.shards.add(new GroupCommit<>(this::claimAll, 512));
        }
    }

    @Override
    public Future<Boolean> claim(Claim claim) {
        Pending p = new Pending(claim, Promise.promise());
        GroupCommit<Pending> shard = shards.get(Math.floorMod(claim.readerId().hashCode(), shards.size()));
        return shard.submit(p).compose(v -> p.fresh().future());
    }

    private Future<Void> claimAll(List<Pending> batch) {
        int n = batch.size();
        String[] readers = new String[n], ids = new String[n], kinds = new String[n], ts = new String[n], at = new String[n];
        Long[] seqs = new Long[n];
        Boolean[] inSeq = new Boolean[n], reset = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Claim c = batch.get(i).claim();
            readers[i] = c.readerId();
            ids[i] = c.msgId();
            seqs[i] = c.seq();
            kinds[i] = c.kind();
            ts[i] = c.deviceTs() == null ? null : c.deviceTs().toString();
            at[i] = c.receivedAt().toString();
            inSeq[i] = c.inSequence();
            reset[i] = c.seqReset();
        }
        return pool.preparedQuery(CLAIM_MANY).execute(Tuple.tuple(List.of()).addArrayOfString(readers).addArrayOfString(ids)
                        .addArrayOfLong(seqs).addArrayOfString(kinds).addArrayOfString(ts).addArrayOfString(at)
                        .addArrayOfBoolean(inSeq).addArrayOfBoolean(reset))
                .map(rows -> {
                    Set<String> inserted = new HashSet<>();
                    for (Row r : rows) {
                        inserted.add(r.getString(0) + "\u0000" + r.getString(1));
                    }
                    for (Pending p : batch) {
                        // a message twice in one batch is new only once
                        p.fresh().tryComplete(inserted.remove(p.claim().readerId() + "\u0000" + p.claim().msgId()));
                    }
                    return null;
                });
    }

    private static java.time.OffsetDateTime utc(Instant at) {
        return java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
    }

    @Override
    public Future<String> recordedResult(String eventKey) {
        return pool.preparedQuery(RESULT).execute(Tuple.of(eventKey))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** Persists a reader's clock samples (oldest first); a failure only costs a slower start. */
    @Override
    public Future<Void> saveClock(String readerId, List<Long> samplesMs, Instant at) {
        return pool.preparedQuery(SAVE_CLOCK).execute(Tuple.of(readerId, samplesMs.toArray(Long[]::new), utc(at))).mapEmpty();
    }

    /** High-water marks, clock samples and the keys claimed since {@code since} (at most {@code maxKeys}). */
    public Future<Memory> load(Instant since, int maxKeys) {
        Map<String, Long> high = new HashMap<>();
        Map<String, List<Long>> clocks = new HashMap<>();
        Set<String> keys = new HashSet<>();
        return pool.query(HIGH_WATER).execute()
                .compose(rows -> {
                    rows.forEach(r -> high.put(r.getString("reader_id"), r.getLong("high")));
                    return pool.query(CLOCKS).execute();
                })
                .compose(rows -> {
                    rows.forEach(r -> clocks.put(r.getString("reader_id"), List.of(r.getArrayOfLongs("samples_ms"))));
                    return pool.preparedQuery(RECENT).execute(Tuple.of(utc(since), maxKeys));
                })
                .map(rows -> {
                    rows.forEach(r -> keys.add(AccessController.messageKey(r.getString("reader_id"), r.getString("msg_id"))));
                    return new Memory(high, clocks, keys);
                });
    }
}
