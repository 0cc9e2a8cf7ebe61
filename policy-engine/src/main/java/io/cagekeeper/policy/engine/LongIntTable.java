package io.cagekeeper.policy.engine;

import java.util.Arrays;

/**
 * Open-addressing map from long keys to non-negative int values, built once, read many times. It
 * exists for the credential index: a million boxed {@code CardNumber -> Credential} HashMap entries
 * cost ~60 MB and a pointer chase per probe; two flat arrays cost 24 bytes per card and one cache
 * miss. Key {@link #EMPTY} is reserved.
 */
final class LongIntTable {

    static final long EMPTY = Long.MIN_VALUE;

    private final long[] keys;
    private final int[] values;
    private final int mask;

    LongIntTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    /** Inserts; returns the previous value for the key, or -1. */
    int put(long key, int value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("reserved key");
        }
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        return -1;
    }

    /** The value for the key, or -1. */
    int get(long key) {
        int i = slot(key);
        long k;
        while ((k = keys[i]) != EMPTY) {
            if (k == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
