package io.cagekeeper.policy.engine;

/**
 * Open-addressing map from String ids to non-negative int indexes (person, credential and grant ids,
 * up to millions): no boxed Integer and no entry object per id. Stored in copy-on-write chunks (see
 * {@link Chunks}) so that a patched snapshot copies only the chunks its changed ids fall into;
 * removal shifts the following entries back (no tombstones), and the table doubles when it is three
 * quarters full. Any capacity (slots picked by multiply-shift, not masking), so that a million ids
 * take 1.33M slots rather than the next power of two.
 */
final class StringIntTable {

    private Chunks.Refs<String> keys;
    private Chunks.Ints values;
    private int capacity;
    private int size;

    StringIntTable(int expected) {
        capacity = (int) Math.max(8, expected * 4L / 3 + 1);
        keys = new Chunks.Refs<>(capacity);
        values = new Chunks.Ints(capacity);
    }

    private StringIntTable(StringIntTable base) {
        keys = base.keys.copy();
        values = base.values.copy();
        capacity = base.capacity;
        size = base.size;
    }

    /** A writable copy sharing this table's chunks. */
    StringIntTable copy() {
        return new StringIntTable(this);
    }

    /** No more writes: what a snapshot publishes. */
    StringIntTable freeze() {
        keys.freeze();
        values.freeze();
        return this;
    }

    int size() {
        return size;
    }

    /** Slots, used or not. */
    int capacity() {
        return capacity;
    }

    /** How many shared chunks writes have copied since this table was made or copied (none for a fresh one). */
    int chunksCopied() {
        return keys.chunksCopied() + values.chunksCopied();
    }

    /** The probes past its home slot that finding every id takes, added up (0 when every id sits in its home slot). */
    long displacement() {
        long d = 0;
        for (int i = 0; i < capacity; i++) {
            String k = keys.get(i);
            if (k != null) {
                d += Math.floorMod(i - slot(k), capacity);
            }
        }
        return d;
    }

    /** Inserts; returns the previous value for the key, or -1. */
    int put(String key, int value) {
        int i = slot(key);
        String k;
        while ((k = keys.get(i)) != null) {
            if (k.equals(key)) {
                int old = values.get(i);
                values.set(i, value);
                return old;
            }
            i = i + 1 == capacity ? 0 : i + 1;
        }
        keys.set(i, key);
        values.set(i, value);
        if (++size * 4L > capacity * 3L) {
            grow();
        }
        return -1;
    }

    /** Removes the key; returns its value, or -1 when absent. */
    int remove(String key) {
        int i = slot(key);
        String k;
        while ((k = keys.get(i)) != null) {
            if (k.equals(key)) {
                int old = values.get(i);
                shiftBack(i);
                size--;
                return old;
            }
            i = i + 1 == capacity ? 0 : i + 1;
        }
        return -1;
    }

    /** The index for the key, or -1 (also for null). */
    int get(String key) {
        if (key == null) {
            return -1;
        }
        int i = slot(key);
        String k;
        while ((k = keys.get(i)) != null) {
            if (k.equals(key)) {
                return values.get(i);
            }
            i = i + 1 == capacity ? 0 : i + 1;
        }
        return -1;
    }

    /** Backward-shift deletion: moves later entries of the probe run into the hole they may occupy. */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = j + 1 == capacity ? 0 : j + 1;
            String k = keys.get(j);
            if (k == null) {
                break;
            }
            int home = slot(k);
            if (Math.floorMod(j - home, capacity) >= Math.floorMod(j - hole, capacity)) {
                keys.set(hole, k);
                values.set(hole, values.get(j));
                hole = j;
            }
        }
        keys.set(hole, null);
    }

    private void grow() {
        Chunks.Refs<String> oldKeys = keys;
        Chunks.Ints oldValues = values;
        int oldCapacity = capacity;
        capacity = oldCapacity * 2;
        keys = new Chunks.Refs<>(capacity);
        values = new Chunks.Ints(capacity);
        for (int i = 0; i < oldCapacity; i++) {
            String k = oldKeys.get(i);
            if (k != null) {
                int j = slot(k);
                while (keys.get(j) != null) {
                    j = j + 1 == capacity ? 0 : j + 1;
                }
                keys.set(j, k);
                values.set(j, oldValues.get(i));
            }
        }
    }

    private int slot(String key) {
        int h = key.hashCode() * 0x9E3779B9;
        return (int) (((h ^ (h >>> 16)) & 0xFFFF_FFFFL) * capacity >>> 32);
    }
}
