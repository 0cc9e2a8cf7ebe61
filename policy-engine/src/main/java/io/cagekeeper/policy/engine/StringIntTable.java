package io.cagekeeper.policy.engine;

/**
 * Open-addressing map from String ids to non-negative int indexes, built once. Used for person ids
 * (up to millions): no boxed Integer and no entry object per id.
 */
final class StringIntTable {

    private final String[] keys;
    private final int[] values;
    private final int mask;

    StringIntTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new String[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    /** Inserts; returns the previous value for the key, or -1. */
    int put(String key, int value) {
        int i = slot(key);
        while (keys[i] != null) {
            if (keys[i].equals(key)) {
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

    /** The index for the key, or -1 (also for null). */
    int get(String key) {
        if (key == null) {
            return -1;
        }
        int i = slot(key);
        String k;
        while ((k = keys[i]) != null) {
            if (k.equals(key)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int slot(String key) {
        int h = key.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
