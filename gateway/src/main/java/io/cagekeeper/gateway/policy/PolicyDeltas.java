package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.Grant;
import io.cagekeeper.policy.model.Person;
import io.cagekeeper.policy.model.PolicyDelta;
import io.cagekeeper.policy.model.PolicyDelta.SmallParts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code policy_deltas} (V13), the change log: per policy version, the rows it changed, in commit
 * order. The gateway applies them as {@link PolicyDelta}s instead of reading the whole policy, and the
 * archive rebuilds past versions from them. The projection of a row onto the model is
 * {@link PolicyRows}, the same as the full load's, so a grant leaving APPROVED or a visit checked out
 * becomes a removal (or a shortened window) exactly as the full load would see it.
 */
public final class PolicyDeltas {

    private static final String CHANGES = """
            SELECT version, delta_rows FROM policy_changes WHERE version > $1 AND version <= $2 ORDER BY version
            """;
    private static final String ROWS = """
            SELECT version, tbl, op, image FROM policy_deltas WHERE version > $1 AND version <= $2 ORDER BY version, seq
            """;
    private static final String PIN_HASHES = "SELECT id, pin_hash FROM credentials WHERE id = ANY($1)";
    private static final String LATEST = "SELECT coalesce(max(version), 0) FROM policy_changes";

    /** One logged row: its table, whether it was deleted, and the row (after, or before a delete; never a PIN hash). */
    public record Row(String table, boolean removed, JsonObject image) {
    }

    /**
     * One version's logged rows. {@code expectedRows} is what the log recorded at commit; when fewer rows
     * are there (or it is unknown: a version from before V13), the version cannot be applied as a delta.
     */
    public record Change(long version, Integer expectedRows, List<Row> rows) {
        public boolean complete() {
            return expectedRows != null && expectedRows == rows.size();
        }

        /**
         * What the archive keeps for a version between checkpoints: SHA-256 over the version and its rows
         * (table, put or removed, the image as stored), O(change), so an edited or lost row of the log is
         * found when the version is rebuilt. Prefixed {@code rows:}, never equal to a content hash.
         */
        public String rowsHash() {
            try {
                java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
                d.update(Long.toString(version).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (Row r : rows) {
                    d.update(("\n" + r.table() + "\u0000" + (r.removed() ? "D" : "P") + "\u0000" + r.image().encode())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                return ROWS_HASH + java.util.HexFormat.of().formatHex(d.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The prefix of {@link Change#rowsHash}. */
    public static final String ROWS_HASH = "rows:";

    /** The versions after some version, up to {@code upTo}, with the current PIN hashes of the credentials they touch. */
    public record Pending(long upTo, List<Change> changes, Map<String, String> pinHashes) {
    }

    private final Pool pool;

    public PolicyDeltas(Pool pool) {
        this.pool = pool;
    }

    /**
     * The changes after {@code version}, at most {@code maxVersions} of them, read in one repeatable-read
     * transaction (so the PIN hashes read belong to the newest change read).
     */
    public Future<Pending> since(long version, int maxVersions) {
        return pool.withTransaction(c -> c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
                .compose(v -> c.query(LATEST).execute())
                .map(rs -> Math.min(rs.iterator().next().getLong(0), version + maxVersions))
                .compose(upTo -> read(c, version, upTo, true)));
    }

    /** The changes in (after, upTo], without PIN hashes (for history, which keeps none). */
    Future<List<Change>> between(SqlClient c, long after, long upTo) {
        return read(c, after, upTo, false).map(Pending::changes);
    }

    private static Future<Pending> read(SqlClient c, long after, long upTo, boolean pins) {
        Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> versions = c.preparedQuery(CHANGES).execute(Tuple.of(after, upTo));
        Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> rows = c.preparedQuery(ROWS).execute(Tuple.of(after, upTo));
        return Future.all(versions, rows).compose(all -> {
            Map<Long, List<Row>> byVersion = new HashMap<>();
            Set<String> credentialIds = new LinkedHashSet<>();
            for (io.vertx.sqlclient.Row r : rows.result()) {
                Row row = new Row(r.getString("tbl"), "D".equals(r.getString("op")), (JsonObject) r.getValue("image"));
                byVersion.computeIfAbsent(r.getLong("version"), k -> new ArrayList<>()).add(row);
                if (row.table().equals("credentials")) {
                    credentialIds.add(row.image().getString("id"));
                }
            }
            List<Change> changes = new ArrayList<>();
            for (io.vertx.sqlclient.Row r : versions.result()) {
                long v = r.getLong("version");
                changes.add(new Change(v, r.getInteger("delta_rows"), byVersion.getOrDefault(v, List.of())));
            }
            if (!pins || credentialIds.isEmpty()) {
                return Future.succeededFuture(new Pending(upTo, changes, Map.of()));
            }
            return c.preparedQuery(PIN_HASHES).execute(Tuple.of(credentialIds.toArray(String[]::new))).map(ps -> {
                Map<String, String> hashes = new HashMap<>();
                for (io.vertx.sqlclient.Row p : ps) {
                    if (p.getString("pin_hash") != null) {
                        hashes.put(p.getString("id"), p.getString("pin_hash"));
                    }
                }
                return new Pending(upTo, changes, hashes);
            });
        });
    }

    /**
     * The change as the engine applies it to a policy whose small parts are {@code before}.
     *
     * @param pinHash the PIN hash a changed credential gets, from its id and whether its image says it has one
     */
    public static PolicyDelta delta(Change change, SmallParts before, PinHashes pinHash) {
        Map<String, Person> persons = new HashMap<>();
        Map<String, Credential> credentials = new HashMap<>();
        Map<String, Grant> grants = new HashMap<>();
        SmallPartsEditor small = new SmallPartsEditor(before);
        for (Row row : change.rows()) {
            RowImage r = RowImage.of(row.image());
            String id = row.image().getValue("id") == null ? null : row.image().getValue("id").toString();
            switch (row.table()) {
                case "persons" -> persons.put(id, row.removed() ? null : PolicyRows.person(r));
                case "credentials" -> credentials.put(id, row.removed() ? null
                        : PolicyRows.credential(r, pinHash.of(id, Boolean.TRUE.equals(row.image().getBoolean("pin_set")))));
                case "grants" -> grants.put(id, row.removed() ? null : PolicyRows.grant(r));
                default -> small.apply(row.table(), row.removed(), r);
            }
        }
        return new PolicyDelta(change.version(), persons, credentials, grants, small.changed() ? small.result() : null);
    }

    /** Where a changed credential's PIN hash comes from (the log keeps only whether there is one). */
    @FunctionalInterface
    public interface PinHashes {
        String of(String credentialId, boolean pinSet);

        /** The live hashes read with the change. */
        static PinHashes live(Map<String, String> current) {
            return (id, set) -> current.get(id);
        }

        /** History: a stand-in for a hash that was there ({@link SnapshotArchive#PIN_SET}). */
        static PinHashes archived() {
            return (id, set) -> set ? SnapshotArchive.PIN_SET : null;
        }
    }

}
