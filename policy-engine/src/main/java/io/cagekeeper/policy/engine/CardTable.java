package io.cagekeeper.policy.engine;

import java.util.Arrays;

/**
 * Open-addressing index of badges by packed card number. Each slot is five longs: the card key; the
 * credential and person indexes; the interval of whole epoch seconds in which the badge is
 * <em>plainly usable</em> (two unsigned 32-bit bounds); the owner's grant slots (first slot, count,
 * and the access level of the first grant); and the interval in which that first grant is surely
 * valid. One probe therefore answers "whose badge, is it plainly usable now, and what does the
 * owner's (usually only) grant say" from one slot, which is what keeps a lookup among a million
 * badges close to the cost of one among a thousand: neither the Credential, the Person nor the grant
 * slots are read when the answer is yes.
 *
 * <p>Plainly usable means: the badge is ACTIVE and inside its validity, its owner is a known
 * non-visitor with no restriction on record and not terminated. Bounds are conservative (whole
 * seconds surely inside, clamped into 1970–2106): an instant outside them is merely not known to be
 * fine, and the engine then runs every check on the objects themselves.
 *
 * <p>The slots live in copy-on-write chunks of {@value #CHUNK_SLOTS} slots (10 KB): {@link #copy()}
 * shares them all and a write copies only its chunk, so a patched snapshot changes one badge for the
 * price of one chunk. A table is written only before {@link #freeze()}; removal shifts the rest of the
 * probe run back, and the table grows (a rehash of this table alone) beyond a load of 0.8.
 */
final class CardTable {

    static final long EMPTY = Long.MIN_VALUE;
    private static final int STRIDE = 5;
    private static final int CHUNK_BITS = 8;
    static final int CHUNK_SLOTS = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SLOTS - 1;
    private static final long U32 = 0xFFFF_FFFFL;
    /** Bounds that no instant satisfies. */
    static final long NEVER = U32 << 32;
    /** Grant count meaning "more than fit": read the end from the snapshot. */
    static final int MANY = 0xFFFF;
    /** First-grant level meaning "not inlined". */
    static final int NO_LEVEL = 0xFFFF;

    private long[][] chunks;
    private int capacity;
    private int size;
    private boolean[] owned;   // null once frozen
    private int copied;

    /** Sized for a load factor of 0.7 (any capacity: slots are picked by multiply-shift, not masking). */
    CardTable(int expected) {
        allocate((int) Math.max(8, expected * 10L / 7 + 1));
    }

    private CardTable(CardTable base) {
        chunks = base.chunks.clone();
        capacity = base.capacity;
        size = base.size;
        owned = new boolean[chunks.length];
    }

    private void allocate(int slotCount) {
        capacity = slotCount;
        chunks = new long[(capacity + CHUNK_MASK) >>> CHUNK_BITS][];
        for (int c = 0; c < chunks.length; c++) {
            int n = Math.min(CHUNK_SLOTS, capacity - (c << CHUNK_BITS));
            long[] chunk = new long[n * STRIDE];
            for (int i = 0; i < chunk.length; i += STRIDE) {
                chunk[i] = EMPTY;
            }
            chunks[c] = chunk;
        }
        owned = new boolean[chunks.length];
        Arrays.fill(owned, true);
        size = 0;
    }

    /** A writable copy sharing this table's chunks. */
    CardTable copy() {
        return new CardTable(this);
    }

    /** No more writes: what a snapshot publishes. */
    CardTable freeze() {
        owned = null;
        return this;
    }

    int size() {
        return size;
    }

    /**
     * Packs the plainly-usable interval [from, until] (epoch seconds, inclusive) into one long,
     * narrowing it into the unsigned 32-bit range; an empty interval packs to {@link #NEVER}.
     */
    static long bounds(long from, long until) {
        long f = Math.max(from, 0);
        long u = Math.min(until, U32 - 1);
        return f > u ? NEVER : f << 32 | u;
    }

    /**
     * Inserts a badge; returns the credential index already holding the key (then nothing changes),
     * or -1.
     *
     * @param bounds      see {@link #bounds}
     * @param grantStart  first grant slot of the owner (0 without an owner)
     * @param grantCount  number of the owner's grant slots, {@link #MANY} when it does not fit 16 bits
     * @param firstLevel  access level index of the first grant, {@link #NO_LEVEL} when not inlined
     * @param firstBounds the interval in which the first grant is surely valid (see {@link #bounds})
     */
    int put(long key, int credential, int person, long bounds, int grantStart, int grantCount, int firstLevel,
            long firstBounds) {
        int s = find(key);
        long[] chunk = chunks[s >>> CHUNK_BITS];
        int o = (s & CHUNK_MASK) * STRIDE;
        if (chunk[o] == key) {
            return (int) (chunk[o + 1] >>> 32);
        }
        write(s, key, credential, person, bounds, grantStart, grantCount, firstLevel, firstBounds);
        if (++size * 10L > capacity * 8L) {
            grow();
        }
        return -1;
    }

    /** Rewrites the slot of a key the table holds (everything but the key). */
    void update(long key, int credential, int person, long bounds, int grantStart, int grantCount, int firstLevel,
                long firstBounds) {
        int s = slot(key);
        if (s < 0) {
            throw new IllegalStateException("no badge with key " + key);
        }
        write(s, key, credential, person, bounds, grantStart, grantCount, firstLevel, firstBounds);
    }

    /** Removes a key; returns whether it was there. */
    boolean remove(long key) {
        int hole = slot(key);
        if (hole < 0) {
            return false;
        }
        int j = hole;
        while (true) {
            j = j + 1 == capacity ? 0 : j + 1;
            long k = word(j, 0);
            if (k == EMPTY) {
                break;
            }
            int home = home(k);
            if (Math.floorMod(j - home, capacity) >= Math.floorMod(j - hole, capacity)) {
                long[] w = writable(hole);
                long[] from = chunks[j >>> CHUNK_BITS];
                System.arraycopy(from, (j & CHUNK_MASK) * STRIDE, w, (hole & CHUNK_MASK) * STRIDE, STRIDE);
                hole = j;
            }
        }
        writable(hole)[(hole & CHUNK_MASK) * STRIDE] = EMPTY;
        size--;
        return true;
    }

    /** The slot of the key, or -1. */
    int slot(long key) {
        int s = find(key);
        return chunks[s >>> CHUNK_BITS][(s & CHUNK_MASK) * STRIDE] == key ? s : -1;
    }

    long key(int slot) {
        return word(slot, 0);
    }

    int credential(int slot) {
        return (int) (word(slot, 1) >>> 32);
    }

    /** Person index, or -1 when the badge's owner is unknown. */
    int person(int slot) {
        return (int) word(slot, 1);
    }

    /** True when the badge and its owner are plainly usable at {@code epochSecond} (see the class comment). */
    boolean plainlyUsable(int slot, long epochSecond) {
        long b = word(slot, 2);
        return epochSecond >= b >>> 32 && epochSecond <= (b & U32);
    }

    int grantStart(int slot) {
        return (int) (word(slot, 3) >>> 32);
    }

    /** The owner's grant count, or {@link #MANY}. */
    int grantCount(int slot) {
        return (int) (word(slot, 3) >>> 16) & 0xFFFF;
    }

    /** Access level of the owner's first grant, or {@link #NO_LEVEL}. */
    int firstLevel(int slot) {
        return (int) word(slot, 3) & 0xFFFF;
    }

    /** True when the owner's first grant is surely valid at {@code epochSecond}. */
    boolean firstGrantPlainlyValid(int slot, long epochSecond) {
        long b = word(slot, 4);
        return epochSecond >= b >>> 32 && epochSecond <= (b & U32);
    }

    private long word(int slot, int field) {
        return chunks[slot >>> CHUNK_BITS][(slot & CHUNK_MASK) * STRIDE + field];
    }

    private void write(int s, long key, int credential, int person, long bounds, int grantStart, int grantCount,
                       int firstLevel, long firstBounds) {
        long[] chunk = writable(s);
        int o = (s & CHUNK_MASK) * STRIDE;
        chunk[o] = key;
        chunk[o + 1] = (long) credential << 32 | (person & U32);
        chunk[o + 2] = bounds;
        chunk[o + 3] = (long) grantStart << 32 | (long) (grantCount & 0xFFFF) << 16 | (firstLevel & 0xFFFF);
        chunk[o + 4] = firstBounds;
    }

    private long[] writable(int s) {
        if (owned == null) {
            throw new IllegalStateException("frozen: a published snapshot is never written");
        }
        int c = s >>> CHUNK_BITS;
        if (!owned[c]) {
            chunks[c] = chunks[c].clone();
            owned[c] = true;
            copied++;
        }
        return chunks[c];
    }

    /** Slots, used or not: the table's memory is {@code capacity() * 40} bytes. */
    int capacity() {
        return capacity;
    }

    /** The bytes of the slots' chunks: {@code capacity() * 40}, no slot more. */
    long bytes() {
        long b = 0;
        for (long[] chunk : chunks) {
            b += chunk.length * 8L;
        }
        return b;
    }

    /** How many shared chunks writes have copied since this table was made or copied (none for a fresh one). */
    int chunksCopied() {
        return copied;
    }

    /**
     * The probes past its home slot that finding every badge takes, added up: what the hash's spread
     * costs lookups (0 when every badge sits in its home slot).
     */
    long displacement() {
        long d = 0;
        for (int s = 0; s < capacity; s++) {
            long k = word(s, 0);
            if (k != EMPTY) {
                d += Math.floorMod(s - home(k), capacity);
            }
        }
        return d;
    }

    private void grow() {
        long[][] old = chunks;
        int oldCapacity = capacity;
        allocate((int) Math.min(Integer.MAX_VALUE / STRIDE, oldCapacity * 2L));
        for (int s = 0; s < oldCapacity; s++) {
            long[] chunk = old[s >>> CHUNK_BITS];
            int o = (s & CHUNK_MASK) * STRIDE;
            if (chunk[o] != EMPTY) {
                int t = find(chunk[o]);
                long[] to = chunks[t >>> CHUNK_BITS];
                System.arraycopy(chunk, o, to, (t & CHUNK_MASK) * STRIDE, STRIDE);
                size++;
            }
        }
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * capacity) >>> 32);
    }

    private int find(long key) {
        int i = home(key);
        while (true) {
            long k = chunks[i >>> CHUNK_BITS][(i & CHUNK_MASK) * STRIDE];
            if (k == key || k == EMPTY) {
                return i;
            }
            i = i + 1 == capacity ? 0 : i + 1;
        }
    }
}
