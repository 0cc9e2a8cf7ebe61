package io.cagekeeper.policy.engine;


/**
 * Open-addressing index of badges by packed card number, built once. Each slot is five longs in one
 * array: the card key; the credential and person indexes; the interval of whole epoch seconds in
 * which the badge is <em>plainly usable</em> (two unsigned 32-bit bounds); the owner's grant slots
 * (first slot, count, and the access level of the first grant); and the interval in which that first
 * grant is surely valid. One probe therefore answers "whose badge, is it plainly usable now, and what
 * does the owner's (usually only) grant say" from one slot, which is what keeps a lookup among a
 * million badges close to the cost of one among a thousand: neither the Credential, the Person nor
 * the grant slots are read when the answer is yes.
 *
 * <p>Plainly usable means: the badge is ACTIVE and inside its validity, its owner is a known
 * non-visitor with no restriction on record and not terminated. Bounds are conservative (whole
 * seconds surely inside, clamped into 1970–2106): an instant outside them is merely not known to be
 * fine, and the engine then runs every check on the objects themselves.
 */
final class CardTable {

    static final long EMPTY = Long.MIN_VALUE;
    private static final int STRIDE = 5;
    private static final long U32 = 0xFFFF_FFFFL;
    /** Bounds that no instant satisfies. */
    static final long NEVER = U32 << 32;
    /** Grant count meaning "more than fit": read the end from the snapshot. */
    static final int MANY = 0xFFFF;
    /** First-grant level meaning "not inlined". */
    static final int NO_LEVEL = 0xFFFF;

    private final long[] slots;
    private final int capacity;

    /** Sized for a load factor of 0.7 (any capacity: slots are picked by multiply-shift, not masking). */
    CardTable(int expected) {
        capacity = (int) Math.max(8, expected * 10L / 7 + 1);
        slots = new long[capacity * STRIDE];
        for (int i = 0; i < slots.length; i += STRIDE) {
            slots[i] = EMPTY;
        }
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
     * Inserts a badge; returns the credential index already holding the key, or -1.
     *
     * @param bounds      see {@link #bounds}
     * @param grantStart  first grant slot of the owner (0 without an owner)
     * @param grantCount  number of the owner's grant slots, {@link #MANY} when it does not fit 16 bits
     * @param firstLevel  access level index of the first grant, {@link #NO_LEVEL} when not inlined
     * @param firstBounds the interval in which the first grant is surely valid (see {@link #bounds})
     */
    int put(long key, int credential, int person, long bounds, int grantStart, int grantCount, int firstLevel,
            long firstBounds) {
        int i = find(key);
        if (slots[i] == key) {
            return (int) (slots[i + 1] >>> 32);
        }
        slots[i] = key;
        slots[i + 1] = (long) credential << 32 | (person & U32);
        slots[i + 2] = bounds;
        slots[i + 3] = (long) grantStart << 32 | (long) (grantCount & 0xFFFF) << 16 | (firstLevel & 0xFFFF);
        slots[i + 4] = firstBounds;
        return -1;
    }

    /** The slot offset of the key, or -1. */
    int slot(long key) {
        int i = find(key);
        return slots[i] == key ? i : -1;
    }

    int credential(int slot) {
        return (int) (slots[slot + 1] >>> 32);
    }

    /** Person index, or -1 when the badge's owner is unknown. */
    int person(int slot) {
        return (int) slots[slot + 1];
    }

    /** True when the badge and its owner are plainly usable at {@code epochSecond} (see the class comment). */
    boolean plainlyUsable(int slot, long epochSecond) {
        long b = slots[slot + 2];
        return epochSecond >= b >>> 32 && epochSecond <= (b & U32);
    }

    int grantStart(int slot) {
        return (int) (slots[slot + 3] >>> 32);
    }

    /** The owner's grant count, or {@link #MANY}. */
    int grantCount(int slot) {
        return (int) (slots[slot + 3] >>> 16) & 0xFFFF;
    }

    /** Access level of the owner's first grant, or {@link #NO_LEVEL}. */
    int firstLevel(int slot) {
        return (int) slots[slot + 3] & 0xFFFF;
    }

    /** True when the owner's first grant is surely valid at {@code epochSecond}. */
    boolean firstGrantPlainlyValid(int slot, long epochSecond) {
        long b = slots[slot + 4];
        return epochSecond >= b >>> 32 && epochSecond <= (b & U32);
    }

    private int find(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        int i = (int) (((h >>> 32) * capacity) >>> 32);
        while (true) {
            long k = slots[i * STRIDE];
            if (k == key || k == EMPTY) {
                return i * STRIDE;
            }
            i = i + 1 == capacity ? 0 : i + 1;
        }
    }
}
