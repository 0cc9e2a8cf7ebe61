package io.cagekeeper.policy.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One bulky table's part of the content hash (persons, credentials or grants), kept so that a patch
 * re-hashes only what it changed: rows fall into {@value #BUCKETS} buckets by their id, a bucket's
 * digest is SHA-256 over its rows' canonical renderings in id order, a group's over its
 * {@value #PER_GROUP} bucket digests, the root over the group digests. The root depends on the set of
 * rows only (not on the order they were given or patched in), so a patched snapshot and one compiled
 * from the same data have the same root; a patch of k rows costs k small buckets plus their groups
 * and the root (a few tens of microseconds per row at a million rows), not a pass over the table.
 *
 * <p>A bucket keeps its ids (references to strings the snapshot holds anyway), not the renderings: a
 * patch renders a dirty bucket's rows again from the patched snapshot. Copy-on-write: a patched
 * instance shares every untouched group with the one it came from, which stays valid.
 *
 * <p>The bucket of an id comes from {@link String#hashCode()} (fixed by the language), so equal data
 * hashes equally on every JVM; ids made to share a bucket slow their own patches, nothing else.
 */
final class RowDigests {

    private static final int GROUP_BITS = 8;
    private static final int PER_GROUP = 1 << GROUP_BITS;
    static final int BUCKETS = PER_GROUP * PER_GROUP;
    private static final int LEN = 32;
    private static final String[] NONE = new String[0];

    /** [group][bucket in group] → the bucket's ids, sorted; null for an empty bucket (and the whole group null when all are). */
    private final String[][][] ids;
    /** [group] → PER_GROUP digests of LEN bytes (zeros for an empty bucket); null for an empty group, whose digest is zeros. */
    private final byte[][] bucketDigests;
    /** PER_GROUP × LEN bytes. */
    private final byte[] groupDigests;
    private final byte[] root;

    private RowDigests(String[][][] ids, byte[][] bucketDigests, byte[] groupDigests) {
        this.ids = ids;
        this.bucketDigests = bucketDigests;
        this.groupDigests = groupDigests;
        this.root = sha().digest(groupDigests);
    }

    /**
     * The row indexes of one bucket ({@code keys[from, to)}, in index order) in id order. The store reads
     * rows sorted by id, so a bucket is already in order: checked with one comparison a row, and sorted
     * (stably, by the ids computed once) only when it is not.
     */
    private static int[] inIdOrder(long[] keys, int from, int to, String[] idOf) {
        int[] order = new int[to - from];
        boolean sorted = true;
        for (int k = 0; k < order.length; k++) {
            order[k] = (int) keys[from + k];
            sorted &= k == 0 || idOf[order[k - 1]].compareTo(idOf[order[k]]) < 0;
        }
        if (!sorted) {
            order = java.util.stream.IntStream.of(order).boxed()
                    .sorted(java.util.Comparator.comparing((Integer r) -> idOf[r])).mapToInt(Integer::intValue).toArray();
        }
        return order;
    }

    /** The table's digest tree over {@code rows} (their ids unique), each rendered by {@code render}. */
    static <T> RowDigests build(List<T> rows, Function<T, String> id, Function<T, byte[]> render) {
        int n = rows.size();
        // rows by bucket (a sort of bucket << 32 | index: no table of all buckets for a small policy)
        long[] keys = new long[n];
        String[] idOf = new String[n];
        for (int i = 0; i < n; i++) {
            idOf[i] = id.apply(rows.get(i));
            keys[i] = (long) bucket(idOf[i]) << 32 | i;
        }
        Arrays.sort(keys);
        MessageDigest sha = sha();
        String[][][] ids = new String[PER_GROUP][][];
        byte[][] bucketDigests = new byte[PER_GROUP][];
        byte[] groupDigests = new byte[PER_GROUP * LEN];
        int i = 0;
        int group = -1;
        while (i < n) {
            int b = (int) (keys[i] >>> 32);
            int g = b >>> GROUP_BITS;
            if (g != group) {
                if (group >= 0) {
                    sha.update(bucketDigests[group]);
                    digest(sha, groupDigests, group);
                }
                group = g;
                ids[g] = new String[PER_GROUP][];
                bucketDigests[g] = new byte[PER_GROUP * LEN];
            }
            int start = i;
            while (i < n && (int) (keys[i] >>> 32) == b) {
                i++;
            }
            int[] order = inIdOrder(keys, start, i, idOf);
            String[] bucketIds = new String[order.length];
            for (int j = 0; j < order.length; j++) {
                bucketIds[j] = idOf[order[j]];
                sha.update(render.apply(rows.get(order[j])));
                sha.update((byte) '\n');
            }
            digest(sha, bucketDigests[g], b & (PER_GROUP - 1));
            ids[g][b & (PER_GROUP - 1)] = bucketIds;
        }
        if (group >= 0) {
            sha.update(bucketDigests[group]);
            digest(sha, groupDigests, group);
        }
        return new RowDigests(ids, bucketDigests, groupDigests);
    }

    /**
     * The tree after the rows {@code changed} were put or removed: {@code now} renders a row as it is
     * after the change, or returns null for a row that no longer exists. Ids not in the table and not
     * rendered now are ignored. This instance is not changed.
     */
    RowDigests patch(Collection<String> changed, Function<String, byte[]> now) {
        if (changed.isEmpty()) {
            return this;
        }
        Map<Integer, List<String>> byBucket = new HashMap<>();
        for (String id : changed) {
            byBucket.computeIfAbsent(bucket(id), b -> new ArrayList<>()).add(id);
        }
        String[][][] newIds = ids.clone();
        byte[][] newDigests = bucketDigests.clone();
        boolean[] dirtyGroup = new boolean[PER_GROUP];
        MessageDigest sha = sha();
        for (Map.Entry<Integer, List<String>> e : byBucket.entrySet()) {
            int b = e.getKey();
            int g = b >>> GROUP_BITS;
            int k = b & (PER_GROUP - 1);
            if (!dirtyGroup[g]) {
                dirtyGroup[g] = true;
                newIds[g] = newIds[g] == null ? new String[PER_GROUP][] : newIds[g].clone();
                newDigests[g] = newDigests[g] == null ? new byte[PER_GROUP * LEN] : newDigests[g].clone();
            }
            String[] old = newIds[g][k] == null ? NONE : newIds[g][k];
            List<String> members = new ArrayList<>(old.length + e.getValue().size());
            java.util.Set<String> touched = new java.util.HashSet<>(e.getValue());
            for (String id : old) {
                if (!touched.contains(id)) {
                    members.add(id);
                }
            }
            List<byte[]> renderings = new ArrayList<>();
            for (String id : touched) {
                if (now.apply(id) != null) {
                    members.add(id);
                }
            }
            members.sort(null);
            for (String id : members) {
                renderings.add(now.apply(id));
            }
            if (members.isEmpty()) {
                newIds[g][k] = null;
                Arrays.fill(newDigests[g], k * LEN, (k + 1) * LEN, (byte) 0);
                continue;
            }
            newIds[g][k] = members.toArray(NONE);
            for (byte[] r : renderings) {
                sha.update(r);
                sha.update((byte) '\n');
            }
            digest(sha, newDigests[g], k);
        }
        byte[] newGroups = groupDigests.clone();
        for (int g = 0; g < PER_GROUP; g++) {
            if (!dirtyGroup[g]) {
                continue;
            }
            if (empty(newIds[g])) {
                newIds[g] = null;
                newDigests[g] = null;
                Arrays.fill(newGroups, g * LEN, (g + 1) * LEN, (byte) 0);
            } else {
                sha.update(newDigests[g]);
                digest(sha, newGroups, g);
            }
        }
        return new RowDigests(newIds, newDigests, newGroups);
    }

    private static boolean empty(String[][] group) {
        for (String[] bucket : group) {
            if (bucket != null) {
                return false;
            }
        }
        return true;
    }

    /** The table's root digest (32 bytes; a copy). */
    byte[] root() {
        return root.clone();
    }

    /** The number of rows in the table. */
    int size() {
        int n = 0;
        for (String[][] group : ids) {
            if (group == null) {
                continue;
            }
            for (String[] bucket : group) {
                n += bucket == null ? 0 : bucket.length;
            }
        }
        return n;
    }

    static int bucket(String id) {
        int h = id.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & (BUCKETS - 1);
    }

    private static void digest(MessageDigest sha, byte[] into, int index) {
        try {
            sha.digest(into, index * LEN, LEN);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JRE", e);
        }
    }
}
