package io.cagekeeper.gateway.tlog;

import io.cagekeeper.evidence.Checkpoint;
import io.cagekeeper.evidence.CompactRange;
import io.cagekeeper.evidence.Merkle;
import io.cagekeeper.evidence.NoteKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code verify-log}: checks the log in the database against a signed checkpoint, trusting nothing the
 * database says about itself. It re-renders every logged row as its leaf, rebuilds the tree from those
 * leaves and compares the root with the checkpoint's, and with every older checkpoint stored on the
 * way; it also looks for rows the log does not hold. So a modified, deleted, inserted or reordered
 * event (or audit row, or policy change) is found, and the first one is named by its leaf index and
 * row. Rows are checked in {@code [from, to)} only; the leaves outside still count for the root.
 * Plain JDBC, one streaming query: it runs from the command line and, on a worker thread, for the API.
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
    private static final String LEAVES = "SELECT q.idx, q.kind, q.row_id, q.leaf_hash, q.personal_mac, k.key,"
            + " EXISTS (SELECT 1 FROM tlog_erasures z WHERE z.key_id = q.key_id) AS erased, " + LoggedRows.DOC + " AS doc"
            + " FROM tlog_leaves q" + LoggedRows.JOINS + " LEFT JOIN tlog_subject_keys k ON k.key_id = q.key_id"
            + " WHERE q.idx < ? ORDER BY q.idx";
    private static final String UNLOGGED = """
            SELECT t.%2$s AS id FROM %1$s t
            WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.kind = ? AND l.row_id = t.%2$s)
              AND NOT EXISTS (SELECT 1 FROM tlog_inbox i WHERE i.kind = ? AND i.row_id = t.%2$s)
            ORDER BY t.%2$s LIMIT 10
            """;

    private final NoteKey key;

    /** @param key the site's verifier key: the only thing trusted */
    public LogVerifier(NoteKey key) {
        this.key = key;
    }

    /**
     * Verifies against {@code checkpointNote} (null: the latest stored, which proves less: whoever
     * rewrote the database could have cut its checkpoints too; give one kept elsewhere when you can).
     */
    public Report verify(Connection c, String checkpointNote, long from, long to) throws SQLException {
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
        try {
            try (Statement s = c.createStatement()) {
                s.execute(LoggedRows.UTC);
            }
            TreeMap<Long, byte[]> roots = storedRoots(c, size, findings);
            long rows = leaves(c, size, from, end, roots, checkpoint, findings);
            unlogged(c, findings);
            findings.sort((a, b) -> Long.compare(a.index() < 0 ? Long.MAX_VALUE : a.index(), b.index() < 0 ? Long.MAX_VALUE : b.index()));
            return new Report(size, from, end, rows, findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings);
        } finally {
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
            }
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

    private long leaves(Connection c, long size, long from, long end, TreeMap<Long, byte[]> roots, Checkpoint checkpoint,
                        List<Finding> findings) throws SQLException {
        CompactRange tree = new CompactRange();
        long checked = 0;
        boolean prefixBad = false;
        try (PreparedStatement p = c.prepareStatement(LEAVES)) {
            p.setFetchSize(10_000);
            p.setLong(1, size);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long idx = rs.getLong("idx");
                    String kind = rs.getString("kind");
                    long rowId = rs.getLong("row_id");
                    if (idx != tree.size()) {
                        findings.add(new Finding(tree.size(), null, 0, "the leaves from #" + tree.size() + " to #" + (idx - 1)
                                + " are missing from tlog_leaves"));
                        return checked;
                    }
                    byte[] stored = rs.getBytes("leaf_hash");
                    byte[] hash = stored;
                    if (idx >= from && idx < end) {
                        checked++;
                        hash = recompute(kind, rowId, rs, findings, idx);
                        if (hash != null && !Arrays.equals(hash, stored)) {
                            findings.add(new Finding(idx, kind, rowId, "the row does not match its leaf: the row or the leaf was changed"));
                        }
                        if (hash == null) {
                            hash = stored;
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
        }
        if (tree.size() != size) {
            findings.add(new Finding(tree.size(), null, 0, "the checkpoint covers " + size + " leaves; the database holds " + tree.size()));
        } else if (!Arrays.equals(tree.root(), checkpoint.root()) && !prefixBad && !anyRowFinding(findings)) {
            Long before = roots.lowerKey(size);
            findings.add(new Finding(before == null ? 0 : before, null, 0,
                    "the leaves do not match the checkpoint's root: a leaf from #" + (before == null ? 0 : before) + " on was changed"));
        }
        return checked;
    }

    /** The leaf hash of the row as it is now; null (and a finding) when it cannot be one. */
    private static byte[] recompute(String kind, long rowId, ResultSet rs, List<Finding> findings, long idx) throws SQLException {
        String doc = rs.getString("doc");
        byte[] storedMac = rs.getBytes("personal_mac");
        byte[] key = rs.getBytes("key");
        LeafCodec.Split split = LeafCodec.split(kind, doc, storedMac != null);
        if (doc == null) {
            byte[] gone = Merkle.leafHash(LeafCodec.leaf(kind, rowId, null, storedMac));
            if (!Arrays.equals(gone, rs.getBytes("leaf_hash"))) {
                findings.add(new Finding(idx, kind, rowId, "the row was deleted"));
                return null;
            }
            return gone;
        }
        byte[] mac = storedMac;
        if (split.personal() != null) {
            if (key == null) {
                findings.add(new Finding(idx, kind, rowId, "the row holds personal data whose key was erased or never logged"));
                return null;
            }
            mac = LeafCodec.personalMac(key, split.personal());
            if (storedMac == null || !Arrays.equals(mac, storedMac)) {
                findings.add(new Finding(idx, kind, rowId, "the row's personal fields were changed"));
                return null;
            }
        } else if (storedMac != null && !rs.getBoolean("erased")) {
            findings.add(new Finding(idx, kind, rowId, "the row's personal fields were removed without a logged erasure"));
            return null;
        }
        return Merkle.leafHash(LeafCodec.leaf(kind, rowId, split.row(), mac));
    }

    /** Rows of the logged tables that the log neither holds nor waits to take. */
    private static void unlogged(Connection c, List<Finding> findings) throws SQLException {
        for (String[] t : LoggedRows.TABLES) {
            try (PreparedStatement p = c.prepareStatement(UNLOGGED.formatted(t[1], t[2]))) {
                p.setString(1, t[0]);
                p.setString(2, t[0]);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        findings.add(new Finding(-1, t[0], rs.getLong("id"), "the row is not in the log: it was inserted behind the log's back"));
                    }
                }
            }
        }
    }

    /** A row already named explains a root that does not match: the root's finding would only repeat it, less precisely. */
    private static boolean anyRowFinding(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.index() >= 0);
    }
}
