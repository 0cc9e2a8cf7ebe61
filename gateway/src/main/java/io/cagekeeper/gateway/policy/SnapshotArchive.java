package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.replay.SnapshotSource;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code policy_snapshots}: a row for every version that came into force, so that any past
 * decision can be replayed against the policy it was made with (the policy tables only hold the
 * newest). Since V13 the whole policy is kept only at checkpoints (every version read whole, and a
 * version applied as a delta once {@value #CHECKPOINT_VERSIONS} versions or {@value #CHECKPOINT_ROWS}
 * logged rows passed since the last checkpoint); the other versions keep their hash and time, and are
 * rebuilt from the nearest checkpoint before them plus the logged deltas up to them
 * ({@link PolicyDeltas}), so storage grows with the size of the changes, not of the policy. Such a
 * version's stored hash is that of its logged rows ({@link PolicyDeltas.Change#rowsHash}); a rebuilt
 * version is reported with its snapshot's content hash only when the checkpoint's data matches its
 * content hash and every logged version on the way matches its stored rows hash, otherwise with
 * {@code unverified:} and the stored hash, so a replay against an edited history is never "identical". A version, once written, is never rewritten (migration V8 took the PIN hashes out of the rows
 * written before this class stopped archiving them). Compiling a stored version costs O(policy
 * size), so the few most recently used are kept compiled; a cached snapshot is reused only while its
 * stored text is unchanged, so an edited row is never hidden by the cache.
 *
 * <p>PIN hashes are never archived: an archive keeps every version forever, so it would keep every
 * PIN hash a badge ever had, offline-crackable (a 4-6 digit PIN falls to a few million Argon2 runs).
 * A credential that had a PIN is archived with {@link #PIN_SET} instead, which is all a replay needs:
 * the engine still sees that a PIN was enrolled, and the PIN check itself is answered by the result
 * recorded with the decision ({@code pinMatched}), never by recomputing it. The stored content hash is
 * therefore that of the archived (PIN-less) data, and differs from the live snapshot's.
 */
public final class SnapshotArchive implements SnapshotSource {

    /** Stands in, in the archive, for the PIN hash of a credential that had one. Not an Argon2 encoding. */
    public static final String PIN_SET = "pin-set:hash-not-archived";

    private static final int CACHED = 4;
    private static final String INSERT = """
            INSERT INTO policy_snapshots (version, content_hash, activated_at, data) VALUES ($1, $2, $3, $4)
            ON CONFLICT (version) DO NOTHING
            """;
    private static final String LOAD = """
            SELECT content_hash, data FROM policy_snapshots WHERE version = $1
            """;
    private static final String CHECKPOINT = """
            SELECT version, content_hash, data FROM policy_snapshots WHERE version <= $1 AND data IS NOT NULL ORDER BY version DESC LIMIT 1
            """;
    private static final String HASHES = """
            SELECT version, content_hash FROM policy_snapshots WHERE version > $1 AND version <= $2
            """;
    private static final String ARCHIVED = "SELECT 1 FROM policy_snapshots WHERE version = $1";
    static final int CHECKPOINT_VERSIONS = 1_000;
    static final int CHECKPOINT_ROWS = 100_000;

    /** Hashing a version's archived data is O(policy): done off the event loop, one at a time, in version order. */
    private final java.util.concurrent.ExecutorService hasher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "snapshot-archive");
        t.setDaemon(true);
        return t;
    });
    private long checkpointVersion = -1;
    private long rowsSinceCheckpoint;

    /** A stored version: its snapshot compiled from the stored data, and the hash stored when it came into force. */
    public record Archived(PolicySnapshot snapshot, String storedHash) {
    }

    private record Compiled(String text, PolicySnapshot snapshot) {
    }

    private final Pool pool;
    private final Map<Long, Compiled> recent = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Compiled> eldest) {
            return size() > CACHED;
        }
    };

    public SnapshotArchive(Pool pool) {
        this.pool = pool;
    }

    /**
     * Keeps {@code data}, without its PIN hashes, as the content of {@code snapshot}'s version, in force
     * since {@code at}; the hash stored with it is the archived data's.
     */
    public Future<Void> record(PolicySnapshot snapshot, PolicyData data, Instant at) {
        synchronized (this) {
            checkpointVersion = snapshot.version();
            rowsSinceCheckpoint = 0;
        }
        // a restart finds its version archived already: nothing to encode (at a million badges that is
        // seconds of CPU and a few hundred MB); otherwise encode and hash off the event loop
        return pool.preparedQuery(ARCHIVED).execute(Tuple.of(snapshot.version())).compose(found -> {
            if (found.size() > 0) {
                return Future.<Void>succeededFuture();
            }
            return Future.fromCompletionStage(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                PolicyData archived = withoutPinHashes(data);
                return Tuple.of(snapshot.version(), PolicySnapshot.contentHashOf(archived), at.atOffset(ZoneOffset.UTC),
                        PolicyDataCodec.encodeCompressed(archived));
            }, hasher)).compose(row -> pool.preparedQuery(INSERT).execute(row)).mapEmpty();
        });
    }

    /**
     * Keeps the version {@code snapshot} reached by applying {@code delta} (logged as {@code change}): the
     * hash of its logged rows ({@link PolicyDeltas.Change#rowsHash}, O(change)) and its time; at a
     * checkpoint the whole PIN-less data and its content hash instead, as {@link #record} (O(policy),
     * off the event loop). The rows themselves are already stored, by the change log.
     */
    public Future<Void> recordDelta(PolicySnapshot snapshot, io.cagekeeper.policy.model.PolicyDelta delta,
                                    PolicyDeltas.Change change, Instant at) {
        boolean checkpoint;
        synchronized (this) {
            rowsSinceCheckpoint += delta.size();
            checkpoint = checkpointVersion < 0 || snapshot.version() - checkpointVersion >= CHECKPOINT_VERSIONS
                    || rowsSinceCheckpoint >= CHECKPOINT_ROWS;
            if (checkpoint) {
                checkpointVersion = snapshot.version();
                rowsSinceCheckpoint = 0;
            }
        }
        if (!checkpoint) {
            return pool.preparedQuery(INSERT).execute(Tuple.of(snapshot.version(), change.rowsHash(), at.atOffset(ZoneOffset.UTC), null))
                    .mapEmpty();
        }
        return Future.fromCompletionStage(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            PolicyData archived = withoutPinHashes(snapshot.data());
            return Tuple.of(snapshot.version(), PolicySnapshot.contentHashOf(archived), at.atOffset(ZoneOffset.UTC),
                    PolicyDataCodec.encodeCompressed(archived));
        }, hasher)).compose(row -> pool.preparedQuery(INSERT).execute(row)).mapEmpty();
    }

    /** {@code data} with every PIN hash replaced by {@link #PIN_SET}; credentials without a PIN keep none. */
    public static PolicyData withoutPinHashes(PolicyData data) {
        if (data.credentials().stream().allMatch(c -> c.pinHash() == null || PIN_SET.equals(c.pinHash()))) {
            return data;
        }
        List<Credential> credentials = new ArrayList<>(data.credentials().size());
        for (Credential c : data.credentials()) {
            credentials.add(c.pinHash() == null || PIN_SET.equals(c.pinHash()) ? c
                    : new Credential(c.id(), c.card(), c.personId(), c.status(), c.validFrom(), c.validUntil(),
                            c.statusChangedAt(), c.statusChangedBy(), PIN_SET));
        }
        return new PolicyData(data.site(), data.zones(), data.doors(), data.readers(), data.persons(), credentials,
                data.schedules(), data.accessLevels(), data.grants(), data.rules());
    }

    /**
     * The stored version, compiled; empty when it was never stored. Fails with IllegalArgumentException
     * when the stored data no longer decodes or compiles.
     */
    public Future<Optional<Archived>> load(long version) {
        return pool.preparedQuery(LOAD).execute(Tuple.of(version)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(Optional.empty());
            }
            Row row = rows.iterator().next();
            String hash = row.getString("content_hash");
            String text = row.getString("data");
            if (text == null) {
                return rebuild(version).map(r -> {
                    remember(version, new Compiled("rebuilt:" + hash, r.snapshot()));
                    return Optional.of(new Archived(r.snapshot(), r.verified() ? r.snapshot().contentHash() : "unverified:" + hash));
                });
            }
            Compiled cached = cached(version);
            if (cached == null || !cached.text().equals(text)) {
                cached = new Compiled(text, PolicySnapshot.compile(version, PolicyDataCodec.decode(text)));
                remember(version, cached);
            }
            return Future.succeededFuture(Optional.of(new Archived(cached.snapshot(), hash)));
        });
    }

    /**
     * A version kept without its data: the nearest checkpoint before it plus the logged deltas up to it.
     * Fails with IllegalArgumentException when there is no checkpoint before it or a logged version is
     * incomplete (the stored hash would then not match anyway).
     */
    private record Rebuilt(PolicySnapshot snapshot, boolean verified) {
    }

    private Future<Rebuilt> rebuild(long version) {
        return pool.withTransaction(c -> c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
                .compose(v -> c.preparedQuery(CHECKPOINT).execute(Tuple.of(version)))
                .compose(cps -> {
                    if (cps.size() == 0) {
                        return Future.failedFuture(new IllegalArgumentException("no checkpoint at or before version " + version));
                    }
                    Row cp = cps.iterator().next();
                    long from = cp.getLong("version");
                    PolicyData start = PolicyDataCodec.decode(cp.getString("data"));
                    boolean[] verified = {PolicySnapshot.contentHashMatches(start, cp.getString("content_hash"))};
                    Future<RowSet<Row>> hashes = c.preparedQuery(HASHES).execute(Tuple.of(from, version));
                    return hashes.compose(h -> new PolicyDeltas(pool).between(c, from, version)).map(changes -> {
                        Map<Long, String> stored = new java.util.HashMap<>();
                        for (Row r : hashes.result()) {
                            stored.put(r.getLong("version"), r.getString("content_hash"));
                        }
                        PolicyData data = start;
                        for (PolicyDeltas.Change change : changes) {
                            String kept = stored.get(change.version());
                            // every version after the checkpoint is kept without data, so with its rows hash; a version
                            // no gateway archived (none was in force with it) has nothing to check against
                            if (kept != null && !kept.equals(change.rowsHash())) {
                                verified[0] = false;
                            }
                            if (!change.complete()) {
                                throw new IllegalArgumentException("version " + change.version() + " of the change log is incomplete ("
                                        + change.rows().size() + " of " + change.expectedRows() + " rows)");
                            }
                            data = PolicyDeltas.delta(change, io.cagekeeper.policy.model.PolicyDelta.SmallParts.of(data),
                                    PolicyDeltas.PinHashes.archived()).applyTo(data);
                        }
                        return new Rebuilt(PolicySnapshot.compile(version, data), verified[0]);
                    });
                }));
    }

    /** A version compiled by a recent {@link #record} or {@link #load}; the store itself is asked through {@link #load}. */
    @Override
    public Optional<PolicySnapshot> snapshot(long version) {
        return Optional.ofNullable(cached(version)).map(Compiled::snapshot);
    }

    private synchronized Compiled cached(long version) {
        return recent.get(version);
    }

    private synchronized void remember(long version, Compiled compiled) {
        recent.put(version, compiled);
    }
}
