package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.CompactRange;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.evidence.NoteKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code verify-log}: checks the log in the database against a signed checkpoint, trusting nothing the
 * database says about itself. It re-renders every logged row as its leaf, rebuilds the tree from those
 * leaves and compares the root with the checkpoint's, and with every older checkpoint stored on the
 * way; it also looks for rows the log does not hold. So a modified, deleted, inserted or reordered
 * event (or audit row, or policy change) is found, and the first one is named by its leaf index and
 * row. Rows are checked in {@code [from, to)} only; the leaves outside still count for the root.
 * Plain JDBC: it runs from the command line and, on a worker thread, for the API.
 *
 * <p>How it reads (docs/evidence.md, verify-log): the leaves in chunks of {@link #CHUNK} by their index
 * (the primary key: no sort), then each chunk's rows table by table by primary key (a range of ids when
 * they are dense, as they are, else an array of ids; column by column where the table's types allow,
 * {@link ColumnRows}, so PostgreSQL renders no JSON), the chunk's subjects' keys by key number (only those
 * no chunk before read, {@link KeyCache}), and the logged erasures once; all in one repeatable-read
 * snapshot. A reader thread does that while the calling thread re-renders and hashes the chunk before, so the database's work and the hashing overlap.
 * (The first version joined the leaves to all five tables and sorted the result by index: PostgreSQL
 * hash-joined the whole tables and sorted the wide rows on disk, and the verifier waited on it.)
 */
public final class LogVerifier {

    /** One thing found wrong; {@code index} is the leaf's, or -1 for a row with no leaf. */
    public record Finding(long index, String kind, long rowId, String problem) {
        @Override
        public String toString() {
            return (index >= 0 ? "leaf #" + index + " " : "") + (kind == null ? "" : kind + " " + rowId + ": ") + problem;
        }
    }

    /** What was checked and what was found, first problem first. */
    public record Report(long checkpointSize, long from, long to, long rowsChecked, List<Finding> findings) {
        public boolean ok() {
            return findings.isEmpty();
        }

        public Finding first() {
            return findings.isEmpty() ? null : findings.get(0);
        }
    }

    private static final int MAX_FINDINGS = 100;
    private static final String LATEST = "SELECT note FROM tlog_checkpoints ORDER BY id DESC LIMIT 1";
    private static final String CHECKPOINTS = "SELECT size, note FROM tlog_checkpoints WHERE size <= ? ORDER BY id";
    /** Leaves a chunk: bounded memory (the rows of one chunk, a few chunks in flight), large enough that a statement's cost is its rows'. */
    static final int CHUNK = 10_000;
    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    static final String LEAVES = "SELECT idx, kind, row_id, leaf_hash, personal_mac, key_id FROM tlog_leaves"
            + " WHERE idx >= $1 AND idx < $2 ORDER BY idx";
    static final String KEYS = "SELECT key_id, key FROM tlog_subject_keys WHERE key_id = ANY($1::bigint[])";
    private static final String ERASED = "SELECT DISTINCT key_id FROM tlog_erasures";
    private static final String UNLOGGED = """
            SELECT t.%2$s AS id FROM %1$s t
            WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.kind = ? AND l.row_id = t.%2$s)
              AND NOT EXISTS (SELECT 1 FROM tlog_inbox i WHERE i.kind = ? AND i.row_id = t.%2$s)
            ORDER BY t.%2$s LIMIT 10
            """;

    private final NoteKey key;

    /**
     * The statements verify-log repeats per chunk on the database {@code c} (Vert.x-style {@code $n}
     * parameters; those reading a table by its columns depend on its columns), so a test can check that no
     * plan of them, generic or custom, scans or sorts a whole table.
     */
    public static List<String> readStatements(Connection c) throws SQLException {
        List<String> all = new ArrayList<>(List.of(LEAVES, KEYS));
        Map<String, ColumnRows> columns = columns(c);
        for (LoggedRows.Table t : LoggedRows.TABLES) {
            all.add(t.byRange(LoggedRows.TO_JSONB));
            all.add(t.byIds(LoggedRows.TO_JSONB));
            ColumnRows byColumns = columns.get(t.kind());
            if (byColumns != null) {
                all.add(byColumns.byRange());
                all.add(byColumns.byIds());
            }
        }
        return all;
    }

    /** @param key the site's verifier key: the only thing trusted */
    public LogVerifier(NoteKey key) {
        this.key = key;
    }

    /**
     * Verifies against {@code checkpointNote} (null: the latest stored, which proves less: whoever
     * rewrote the database could have cut its checkpoints too; give one kept elsewhere when you can).
     */
    public Report verify(Connection c, String checkpointNote, long from, long to) throws SQLException {
        return verify(c, null, checkpointNote, from, to);
    }

    /** Opens another connection to the same database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * As {@link #verify(Connection, String, long, long)}, reading with a second connection from {@code more}
     * too (null: none), in the same snapshot (exported from the first): the chunks alternate between them,
     * so PostgreSQL renders rows on two cores. Only when the check runs in a snapshot of its own
     * ({@code c} in autocommit), since a caller's open transaction cannot be shared.
     */
    public Report verify(Connection c, Connections more, String checkpointNote, long from, long to) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        String note = checkpointNote;
        if (note == null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LATEST)) {
                if (!rs.next()) {
                    findings.add(new Finding(-1, null, 0, "the database holds no checkpoint"));
                    return new Report(0, from, to, 0, findings);
                }
                note = rs.getString(1);
            }
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(note, key);
        } catch (IllegalArgumentException e) {
            findings.add(new Finding(-1, null, 0, "the checkpoint is not valid: " + e.getMessage()));
            return new Report(0, from, to, 0, findings);
        }
        long size = checkpoint.size();
        long end = Math.min(to, size);
        // one snapshot for the whole check; a caller's own transaction (a test's uncommitted tampering) is used as it is
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        List<Connection> readers = new ArrayList<>(List.of(c));
        try {
            String snapshot = null;
            try (Statement s = c.createStatement()) {
                if (autoCommit) {
                    s.execute(SNAPSHOT); // its statements are many now: they must all see the same database
                    if (more != null) {
                        try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                            rs.next();
                            snapshot = rs.getString(1);
                        }
                    }
                }
                s.execute(LoggedRows.UTC);
            }
            if (snapshot != null) {
                readers.add(importing(more, snapshot));
            }
            TreeMap<Long, byte[]> roots = storedRoots(c, size, findings);
            Tally tally = new Tally();
            long rows = leaves(readers, size, from, end, roots, checkpoint, findings, erasedKeys(c), columns(c), tally);
            // the count shortcut needs every leaf checked and found as signed (so no two name one row), in one snapshot of
            // ours (a caller's transaction may see writes between statements); otherwise every row is searched for
            boolean counted = autoCommit && from == 0 && end == size && tally.complete && findings.isEmpty();
            unlogged(c, findings, counted ? tally : null, size);
            findings.sort((a, b) -> Long.compare(a.index() < 0 ? Long.MAX_VALUE : a.index(), b.index() < 0 ? Long.MAX_VALUE : b.index()));
            return new Report(size, from, end, rows, findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings);
        } finally {
            for (Connection r : readers.subList(1, readers.size())) {
                r.close();
            }
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** A second connection in the exported {@code snapshot}, read-only, its rows rendered in UTC. */
    private static Connection importing(Connections more, String snapshot) throws SQLException {
        Connection r = more.open();
        try {
            r.setAutoCommit(false);
            try (Statement s = r.createStatement()) {
                s.execute(SNAPSHOT);
                s.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
                s.execute(LoggedRows.UTC);
            }
            return r;
        } catch (SQLException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** The roots of the stored checkpoints up to {@code size}, each signature checked. */
    private TreeMap<Long, byte[]> storedRoots(Connection c, long size, List<Finding> findings) throws SQLException {
        TreeMap<Long, byte[]> roots = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement(CHECKPOINTS)) {
            p.setLong(1, size);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    try {
                        Checkpoint k = Checkpoint.open(rs.getString("note"), key);
                        if (k.size() != rs.getLong("size")) {
                            throw new IllegalArgumentException("its size column says " + rs.getLong("size"));
                        }
                        roots.put(k.size(), k.root());
                    } catch (IllegalArgumentException e) {
                        findings.add(new Finding(-1, null, 0, "a stored checkpoint of size " + rs.getLong("size") + " is not valid: "
                                + e.getMessage()));
                    }
                }
            }
        }
        return roots;
    }

    /**
     * Per kind, how its rows are read: column by column ({@link ColumnRows}) when every column of its table (as
     * the database has it now) allows, else (no entry) by the definition, {@link LoggedRows#TO_JSONB}.
     */
    static Map<String, ColumnRows> columns(Connection c) throws SQLException {
        Map<String, ColumnRows> columns = new HashMap<>();
        for (LoggedRows.Table t : LoggedRows.TABLES) {
            ColumnRows byColumns = ColumnRows.of(c, t);
            if (byColumns != null) {
                columns.put(t.kind(), byColumns);
            }
        }
        return columns;
    }

    /** The key numbers whose erasure is logged. */
    private static Set<Long> erasedKeys(Connection c) throws SQLException {
        Set<Long> erased = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ERASED)) {
            while (rs.next()) {
                erased.add(rs.getLong(1));
            }
        }
        return erased;
    }

    /**
     * A leaf as stored, with (when it is checked) its row as it is now (its document, or its columns as read: at
     * most one of the two; neither when the row is gone) and its subject's key.
     */
    private static final class Leaf {
        final long idx;
        final String kind;
        final long rowId;
        final byte[] stored;
        final byte[] mac;
        final Long keyId;
        String doc;
        ColumnRows columns;
        Object[] values;
        byte[] key;
        /** Set by the hashing stage for a checked leaf: its hash as the row is now (null: see found), what was wrong. */
        byte[] recomputed;
        List<Finding> found;

        Leaf(long idx, String kind, long rowId, byte[] stored, byte[] mac, Long keyId) {
            this.idx = idx;
            this.kind = kind;
            this.rowId = rowId;
            this.stored = stored;
            this.mac = mac;
            this.keyId = keyId;
        }

        boolean present() {
            return doc != null || values != null;
        }
    }

    /** What the reader hands over: a chunk of leaves in index order, or the end, or why it stopped. */
    private record Chunk(List<Leaf> leaves, Exception failure) {
        static final Chunk END = new Chunk(List.of(), null);
    }

    private long leaves(List<Connection> connections, long size, long from, long end, TreeMap<Long, byte[]> roots, Checkpoint checkpoint,
                        List<Finding> findings, Set<Long> erased, Map<String, ColumnRows> columns, Tally tally) throws SQLException {
        CompactRange tree = new CompactRange();
        long checked = 0;
        boolean prefixBad = false;
        // reader i reads chunks i, i + n, i + 2n … into its own queue; they are taken in turn, so in order
        int n = connections.size();
        List<BlockingQueue<Chunk>> queues = new ArrayList<>();
        List<ChunkReader> readers = new ArrayList<>();
        ExecutorService thread = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "verify-log-reader");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> reading = new ArrayList<>();
        KeyCache keys = new KeyCache();
        for (int i = 0; i < n; i++) {
            BlockingQueue<Chunk> q = new ArrayBlockingQueue<>(2);
            ChunkReader reader = new ChunkReader(connections.get(i), size, from, end, columns, keys, q, i, n);
            queues.add(q);
            readers.add(reader);
            reading.add(thread.submit(reader));
        }
        ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "verify-log-hasher");
            t.setDaemon(true);
            return t;
        });
        try {
            for (long k = 0; ; k++) {
                Chunk chunk = queues.get((int) (k % n)).take();
                if (chunk.failure() != null) {
                    throw chunk.failure() instanceof SQLException e ? e : new SQLException(chunk.failure());
                }
                if (chunk == Chunk.END) {
                    break;
                }
                recomputeAll(chunk.leaves(), from, end, erased, hasher);
                for (Leaf leaf : chunk.leaves()) {
                    long idx = leaf.idx;
                    if (idx != tree.size()) {
                        findings.add(new Finding(tree.size(), null, 0, "the leaves from #" + tree.size() + " to #" + (idx - 1)
                                + " are missing from tlog_leaves"));
                        return checked;
                    }
                    byte[] hash = leaf.stored;
                    if (idx >= from && idx < end) {
                        checked++;
                        if (leaf.present()) {
                            tally.present.merge(leaf.kind, 1L, Long::sum);
                        }
                        hash = leaf.recomputed;
                        if (leaf.found != null) {
                            findings.addAll(leaf.found);
                        }
                        if (hash != null && !Arrays.equals(hash, leaf.stored)) {
                            findings.add(new Finding(idx, leaf.kind, leaf.rowId, "the row does not match its leaf: the row or the leaf was changed"));
                        }
                        if (hash == null) {
                            hash = leaf.stored;
                        }
                    }
                    tree.append(hash, (l, i, h) -> { });
                    byte[] expected = roots.get(tree.size());
                    if (!prefixBad && expected != null && !Arrays.equals(expected, tree.root()) && !anyRowFinding(findings)) {
                        prefixBad = true;
                        Long before = roots.lowerKey(tree.size());
                        findings.add(new Finding(before == null ? 0 : before, null, 0, "the first " + tree.size()
                                + " leaves do not match the checkpoint signed at that size: a leaf from #" + (before == null ? 0 : before)
                                + " on was changed"));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("verify-log was interrupted", e);
        } finally {
            readers.forEach(ChunkReader::stop);
            queues.forEach(BlockingQueue::clear); // a reader blocked on a full queue sees the stop
            for (Future<?> f : reading) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // its failure reached the queue, or nobody waits for it any more
                }
            }
            thread.shutdown();
            hasher.shutdown();
        }
        tally.complete = true;
        if (tree.size() != size) {
            findings.add(new Finding(tree.size(), null, 0, "the checkpoint covers " + size + " leaves; the database holds " + tree.size()));
        } else if (!Arrays.equals(tree.root(), checkpoint.root()) && !prefixBad && !anyRowFinding(findings)) {
            Long before = roots.lowerKey(size);
            findings.add(new Finding(before == null ? 0 : before, null, 0,
                    "the leaves do not match the checkpoint's root: a leaf from #" + (before == null ? 0 : before) + " on was changed"));
        }
        return checked;
    }

    /**
     * Reads the leaves {@code [0, size)} chunk by chunk, with the rows and keys of those in {@code [from, end)},
     * on its own thread (the connection is its own until it ends).
     */
    private static final class ChunkReader implements Runnable {
        private final Connection c;
        private final long size;
        private final long from;
        private final long end;
        private final Map<String, ColumnRows> columns;
        private final KeyCache keyCache;
        private final BlockingQueue<Chunk> out;
        private final int first;
        private final int stride;
        private volatile boolean stopped;

        ChunkReader(Connection c, long size, long from, long end, Map<String, ColumnRows> columns, KeyCache keyCache,
                    BlockingQueue<Chunk> out, int first, int stride) {
            this.c = c;
            this.first = first;
            this.stride = stride;
            this.columns = columns;
            this.keyCache = keyCache;
            this.size = size;
            this.from = from;
            this.end = end;
            this.out = out;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            Map<String, PreparedStatement> statements = new HashMap<>();
            try {
                for (long a = (long) first * CHUNK; a < size && !stopped; a += (long) stride * CHUNK) {
                    List<Leaf> leaves = leaves(statement(statements, LEAVES), a, Math.min(size, a + CHUNK));
                    rows(statements, leaves);
                    keys(statement(statements, KEYS), leaves);
                    put(new Chunk(leaves, null));
                }
                put(Chunk.END);
            } catch (SQLException | RuntimeException e) {
                put(new Chunk(List.of(), e));
            } finally {
                for (PreparedStatement p : statements.values()) {
                    try {
                        p.close();
                    } catch (SQLException e) {
                        // closing: nothing to tell
                    }
                }
            }
        }

        private void put(Chunk chunk) {
            try {
                while (!stopped && !out.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // the verifier is busy hashing the chunk before, or has stopped reading
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private PreparedStatement statement(Map<String, PreparedStatement> statements, String sql) throws SQLException {
            PreparedStatement p = statements.get(sql);
            if (p == null) {
                p = c.prepareStatement(LoggedRows.jdbc(sql));
                statements.put(sql, p);
            }
            return p;
        }

        private List<Leaf> leaves(PreparedStatement p, long a, long b) throws SQLException {
            p.setLong(1, a);
            p.setLong(2, b);
            List<Leaf> leaves = new ArrayList<>((int) (b - a));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long keyId = rs.getLong(6);
                    leaves.add(new Leaf(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4), rs.getBytes(5),
                            rs.wasNull() ? null : keyId));
                }
            }
            return leaves;
        }

        /**
         * The checked leaves' rows, table by table (by their columns where the table allows, else as documents): a
         * range of ids when they are dense, else the ids.
         */
        private void rows(Map<String, PreparedStatement> statements, List<Leaf> leaves) throws SQLException {
            Map<String, List<Leaf>> byKind = new LinkedHashMap<>();
            for (Leaf l : leaves) {
                if (l.idx >= from && l.idx < end) {
                    byKind.computeIfAbsent(l.kind, k -> new ArrayList<>()).add(l);
                }
            }
            for (Map.Entry<String, List<Leaf>> e : byKind.entrySet()) {
                if (LoggedRows.TABLES.stream().noneMatch(t -> t.kind().equals(e.getKey()))) {
                    continue; // a kind no table has (its CHECK dropped): no row, so the leaf is judged as a deleted row's
                }
                LoggedRows.Table table = LoggedRows.table(e.getKey());
                ColumnRows byColumns = columns.get(table.kind());
                List<Leaf> wanted = e.getValue();
                long[] ids = wanted.stream().mapToLong(l -> l.rowId).sorted().distinct().toArray();
                long min = ids[0];
                long max = ids[ids.length - 1];
                PreparedStatement p;
                if (max - min < 2L * ids.length + 64) {
                    p = statement(statements, byColumns != null ? byColumns.byRange() : table.byRange(LoggedRows.TO_JSONB));
                    p.setLong(1, min);
                    p.setLong(2, max);
                } else {
                    p = statement(statements, byColumns != null ? byColumns.byIds() : table.byIds(LoggedRows.TO_JSONB));
                    Long[] boxed = Arrays.stream(ids).boxed().toArray(Long[]::new);
                    Array array = c.createArrayOf("bigint", boxed);
                    p.setArray(1, array);
                }
                Map<Long, Object> rows = new HashMap<>(wanted.size() * 2);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getLong(1), byColumns != null ? byColumns.read(rs) : rs.getString(2));
                    }
                }
                for (Leaf l : wanted) {
                    Object row = rows.get(l.rowId); // null: the row is gone
                    if (row instanceof Object[] values) {
                        l.columns = byColumns;
                        l.values = values;
                    } else {
                        l.doc = (String) row;
                    }
                }
            }
        }

        /** The subjects' keys of the checked leaves that have one: those no chunk before asked for from the database. */
        private void keys(PreparedStatement p, List<Leaf> leaves) throws SQLException {
            Set<Long> ids = new HashSet<>();
            for (Leaf l : leaves) {
                if (l.keyId != null && l.idx >= from && l.idx < end) {
                    ids.add(l.keyId);
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            Set<Long> asked = keyCache.missing(ids);
            Map<Long, byte[]> found = new HashMap<>(asked.size() * 2);
            if (!asked.isEmpty()) {
                p.setArray(1, c.createArrayOf("bigint", asked.toArray(new Long[0])));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getLong(1), rs.getBytes(2));
                    }
                }
                keyCache.add(asked, found);
            }
            for (Leaf l : leaves) {
                if (l.keyId != null) {
                    byte[] k = found.get(l.keyId);
                    l.key = k != null ? k : keyCache.get(l.keyId);
                }
            }
        }
    }

    /**
     * Re-renders and hashes a chunk's checked leaves on two threads (this one and {@code hasher}): each leaf
     * on its own, so the order of the findings is still the leaves' (they are added in order afterwards).
     */
    private static void recomputeAll(List<Leaf> leaves, long from, long end, Set<Long> erased, ExecutorService hasher)
            throws SQLException, InterruptedException {
        int half = leaves.size() / 2;
        Future<?> first = hasher.submit(() -> recomputeEach(leaves.subList(0, half), from, end, erased));
        recomputeEach(leaves.subList(half, leaves.size()), from, end, erased);
        try {
            first.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SQLException(e.getCause());
        }
    }

    private static void recomputeEach(List<Leaf> leaves, long from, long end, Set<Long> erased) {
        for (Leaf leaf : leaves) {
            if (leaf.idx >= from && leaf.idx < end) {
                List<Finding> found = new ArrayList<>(0);
                leaf.recomputed = recompute(leaf, erased, found);
                leaf.found = found.isEmpty() ? null : found;
            }
        }
    }

    /** The leaf hash of the row as it is now; null (and a finding) when it cannot be one. */
    private static byte[] recompute(Leaf leaf, Set<Long> erased, List<Finding> findings) {
        String kind = leaf.kind;
        long rowId = leaf.rowId;
        long idx = leaf.idx;
        byte[] storedMac = leaf.mac;
        LeafCodec.Split split = leaf.values != null ? LeafCodec.split(kind, leaf.columns.row(leaf.values), storedMac != null)
                : LeafCodec.split(kind, leaf.doc, storedMac != null);
        if (!leaf.present()) {
            byte[] gone = Merkle.leafHash(LeafCodec.leaf(kind, rowId, null, storedMac));
            if (!Arrays.equals(gone, leaf.stored)) {
                findings.add(new Finding(idx, kind, rowId, "the row was deleted"));
                return null;
            }
            return gone;
        }
        byte[] mac = storedMac;
        if (split.personal() != null) {
            if (leaf.key == null) {
                findings.add(new Finding(idx, kind, rowId, "the row holds personal data whose key was erased or never logged"));
                return null;
            }
            mac = LeafCodec.personalMac(leaf.key, split.personal());
            if (storedMac == null || !Arrays.equals(mac, storedMac)) {
                findings.add(new Finding(idx, kind, rowId, "the row's personal fields were changed"));
                return null;
            }
        } else if (storedMac != null && (leaf.keyId == null || !erased.contains(leaf.keyId))) {
            findings.add(new Finding(idx, kind, rowId, "the row's personal fields were removed without a logged erasure"));
            return null;
        }
        return Merkle.leafHash(LeafCodec.leaf(kind, rowId, split.row(), mac));
    }

    /** Per kind, how many checked leaves found their row; complete once every leaf of the checkpoint was read. */
    private static final class Tally {
        final Map<String, Long> present = new HashMap<>();
        boolean complete;
    }

    /** A table's rows. */
    private static final String ROWS = "SELECT count(*) FROM %1$s";
    /** A table's rows that have a leaf after the checkpoint, or wait in the inbox without one (normally a few). */
    private static final String LATER = """
            SELECT (SELECT count(*) FROM tlog_leaves l JOIN %1$s t ON t.%2$s = l.row_id WHERE l.kind = ? AND l.idx >= ?)
                 + (SELECT count(DISTINCT i.row_id) FROM tlog_inbox i JOIN %1$s t ON t.%2$s = i.row_id WHERE i.kind = ?
                    AND NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.kind = ? AND l.row_id = i.row_id))
            """;

    /**
     * Rows of the logged tables that the log neither holds nor waits to take. With a {@code tally} of a
     * whole check in one snapshot, a table is first counted: its rows are exactly those found by its
     * checked leaves, those with a later leaf and those in the inbox, or some row is unlogged, and only
     * then is the table searched row by row to name it (the search is an anti-join of the whole table
     * with the leaves: 2.5 s a million rows, where the count takes a tenth of a second). The leaves'
     * (kind, row id) is unique, so nothing is counted twice.
     */
    private static void unlogged(Connection c, List<Finding> findings, Tally tally, long size) throws SQLException {
        for (LoggedRows.Table t : LoggedRows.TABLES) {
            if (tally != null && accountedFor(c, t, tally.present.getOrDefault(t.kind(), 0L), size)) {
                continue;
            }
            try (PreparedStatement p = c.prepareStatement(UNLOGGED.formatted(t.name(), t.id()))) {
                p.setString(1, t.kind());
                p.setString(2, t.kind());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        findings.add(new Finding(-1, t.kind(), rs.getLong("id"), "the row is not in the log: it was inserted behind the log's back"));
                    }
                }
            }
        }
    }

    /** Whether every row of {@code t} is one a leaf found ({@code present}), a later leaf holds, or the inbox holds. */
    private static boolean accountedFor(Connection c, LoggedRows.Table t, long present, long size) throws SQLException {
        long rows;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ROWS.formatted(t.name()))) {
            rs.next();
            rows = rs.getLong(1);
        }
        try (PreparedStatement p = c.prepareStatement(LATER.formatted(t.name(), t.id()))) {
            p.setString(1, t.kind());
            p.setLong(2, size);
            p.setString(3, t.kind());
            p.setString(4, t.kind());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rows == present + rs.getLong(1);
            }
        }
    }

    /** A row already named explains a root that does not match: the root's finding would only repeat it, less precisely. */
    private static boolean anyRowFinding(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.index() >= 0);
    }
}
