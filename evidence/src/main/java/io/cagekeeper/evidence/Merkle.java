package io.cagekeeper.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing, proofs and their verification, with
 * SHA-256: a leaf hashes as SHA-256(0x00 ‖ leaf), an interior node as SHA-256(0x01 ‖ left ‖ right), so a
 * leaf can never pass for a node (second-preimage resistance). The tree over n leaves splits at the
 * largest power of two smaller than n, so every left subtree is perfect and appends never rewrite a
 * node already computed.
 *
 * <p>Proof generation reads only perfect, aligned subtrees ({@link Nodes}); a log stores those as
 * they complete, so a proof costs O(log n) lookups. Verification needs nothing but the proof, the
 * leaf hash and the root: it is what an auditor runs, with Java alone.
 */
public final class Merkle {

    /** Size of every hash. */
    public static final int HASH_SIZE = 32;

    /**
     * The hashes of perfect subtrees: {@code node(level, index)} covers leaves
     * {@code [index·2^level, (index+1)·2^level)}; level 0 is the leaf hashes.
     */
    @FunctionalInterface
    public interface Nodes {
        byte[] node(int level, long index);
    }

    private Merkle() {
    }

    /** SHA-256 of the empty string: the root of the empty tree. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /**
     * One digest per thread, reused: {@code MessageDigest.getInstance} looks the provider up on every
     * call, which verify-log (a leaf hash and about one node hash per row, millions of rows) felt.
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Merkle::sha256);

    /** SHA-256(0x00 ‖ leaf). */
    public static byte[] leafHash(byte[] leaf) {
        MessageDigest d = DIGEST.get(); // digest() resets it; nothing between update and digest can reenter
        d.update((byte) 0);
        d.update(leaf);
        return d.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = DIGEST.get();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** The root over leaves {@code [0, size)}. */
    public static byte[] root(long size, Nodes nodes) {
        return size == 0 ? emptyRoot() : rangeHash(0, size, nodes);
    }

    /** The root of a list of leaf hashes (small trees, tests, verification of a whole range). */
    public static byte[] rootOf(List<byte[]> leafHashes) {
        CompactRange r = new CompactRange();
        leafHashes.forEach(h -> r.append(h, (level, index, hash) -> { }));
        return r.root();
    }

    /**
     * The audit path of leaf {@code index} in the tree of {@code size} leaves (RFC 9162 2.1.3.1),
     * nearest sibling first.
     */
    public static List<byte[]> inclusionProof(long index, long size, Nodes nodes) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size + " leaves");
        }
        List<byte[]> out = new ArrayList<>();
        path(index, 0, size, nodes, out);
        return out;
    }

    private static void path(long m, long a, long b, Nodes nodes, List<byte[]> out) {
        long n = b - a;
        if (n == 1) {
            return;
        }
        long k = splitPoint(n);
        if (m - a < k) {
            path(m, a, a + k, nodes, out);
            out.add(rangeHash(a + k, b, nodes));
        } else {
            path(m, a + k, b, nodes, out);
            out.add(rangeHash(a, a + k, nodes));
        }
    }

    /** The consistency proof between the trees of {@code first} and {@code second} leaves (RFC 9162 2.1.4.1). */
    public static List<byte[]> consistencyProof(long first, long second, Nodes nodes) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to size " + second);
        }
        List<byte[]> out = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, nodes, out);
        }
        return out;
    }

    private static void subproof(long m, long a, long b, boolean complete, Nodes nodes, List<byte[]> out) {
        long n = b - a;
        if (m == n) {
            if (!complete) {
                out.add(rangeHash(a, b, nodes));
            }
            return;
        }
        long k = splitPoint(n);
        if (m <= k) {
            subproof(m, a, a + k, complete, nodes, out);
            out.add(rangeHash(a + k, b, nodes));
        } else {
            subproof(m - k, a + k, b, false, nodes, out);
            out.add(rangeHash(a, a + k, nodes));
        }
    }

    /** MTH(D[a:b]) from perfect subtrees; {@code a} must be where RFC 9162's recursion starts a subtree. */
    static byte[] rangeHash(long a, long b, Nodes nodes) {
        long n = b - a;
        if (Long.bitCount(n) == 1 && a % n == 0) {
            return nodes.node(Long.numberOfTrailingZeros(n), a / n);
        }
        long k = splitPoint(n);
        return nodeHash(rangeHash(a, a + k, nodes), rangeHash(a + k, b, nodes));
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2). */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * Whether {@code proof} shows that the leaf with hash {@code leafHash} is leaf {@code index} of
     * the tree of {@code size} leaves with root {@code root} (RFC 9162 2.1.3.2).
     */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        byte[] r = rootFromInclusion(index, size, leafHash, proof);
        return r != null && root != null && Arrays.equals(r, root);
    }

    /** The root an inclusion proof leads to, or null when the proof cannot be one for this index and size. */
    public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || index >= size || leafHash == null || leafHash.length != HASH_SIZE) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0 || p == null || p.length != HASH_SIZE) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /**
     * Whether {@code proof} shows that the tree of {@code second} leaves with root {@code secondRoot}
     * extends the tree of {@code first} leaves with root {@code firstRoot} (RFC 9162 2.1.4.2): nothing
     * in the first was changed, removed or reordered.
     */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first <= 0 || first > second || firstRoot == null || secondRoot == null) {
            // every tree extends the empty one: a "proof" from size 0 proves nothing, and is refused as a mistake
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (firstRoot.length != HASH_SIZE || secondRoot.length != HASH_SIZE) {
            return false;
        }
        if (proof.isEmpty()) {
            return false;
        }
        for (byte[] p : proof) {
            if (p == null || p.length != HASH_SIZE) {
                return false;
            }
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(first) == 1) {
            path.add(firstRoot);
        }
        path.addAll(proof);
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
