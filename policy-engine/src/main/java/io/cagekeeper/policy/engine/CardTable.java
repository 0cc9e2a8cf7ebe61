package io.cagekeeper.policy.engine;


/**
 * Open-addressing index of badges by packed card number, built once. Each slot is four longs in one
 * array: the card key, the credential and person indexes, and the badge's validity in whole epoch
 * seconds (with its status folded in). One probe therefore answers "whose badge, and is it plainly
 * active and valid now" from a single cache line, which is what keeps a lookup among a million badges
 * close to the cost of one among a thousand: the Credential object itself is only read when the fast
 * answer is "maybe not" (inactive, or within a second of a validity bound).
 */
final class CardTable {

    static final long EMPTY = Long.MIN_VALUE;
    private static final int STRIDE = 4;

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
     * Inserts a badge; returns the credential index already holding the key, or -1.
     *
     * @param fastFrom  first whole second surely inside the validity, or Long.MAX_VALUE when the fast
     *                  path must never accept the badge (not ACTIVE)
     * @param fastUntil last whole second surely inside the validity (Long.MAX_VALUE: open-ended)
     */
    int put(long key, int credential, int person, long fastFrom, long fastUntil) {
        int i = find(key);
        if (slots[i] == key) {
            return (int) (slots[i + 1] >>> 32);
        }
        slots[i] = key;
        slots[i + 1] = (long) credential << 32 | (person & 0xFFFF_FFFFL);
        slots[i + 2] = fastFrom;
        slots[i + 3] = fastUntil;
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

    /** True when the badge is ACTIVE and {@code epochSecond} lies surely inside its validity. */
    boolean plainlyValid(int slot, long epochSecond) {
        return epochSecond >= slots[slot + 2] && epochSecond <= slots[slot + 3];
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
