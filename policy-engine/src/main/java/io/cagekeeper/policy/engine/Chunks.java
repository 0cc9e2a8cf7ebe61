package io.cagekeeper.policy.engine;

import java.util.Arrays;

/**
 * Copy-on-write chunked arrays: the storage that lets a patched snapshot share everything it did not
 * change with the snapshot it was patched from. An array is split into chunks of {@link #SIZE}
 * entries; a copy shares every chunk and copies one only on its first write, so a change of one row
 * costs one chunk (16-32 KB) and the outer array, not the whole array. An instance is mutable until
 * {@link #freeze()}: a snapshot freezes what it publishes, and writing to a frozen array fails rather
 * than altering a snapshot that decisions may be reading.
 */
final class Chunks {

    static final int BITS = 12;
    static final int SIZE = 1 << BITS;
    static final int MASK = SIZE - 1;

    private Chunks() {
    }

    static int chunksFor(int length) {
        return Math.max(1, (length + MASK) >>> BITS);
    }

    /** Marks which chunks of a copy are its own (written since the copy) and may be written in place. */
    abstract static class Cow {
        boolean[] owned;   // null once frozen
        /** Chunks copied by writes since this array was made: what a patch costs. */
        private int copied;

        /** True when chunk {@code c} is this array's own and may be written in place. */
        final boolean owns(int c) {
            boolean[] o = owned;
            return o != null && c < o.length && o[c];
        }

        /**
         * Readies the bookkeeping for a write into chunk {@code c} of an outer array of {@code length}
         * chunks; returns the outer length the write needs (doubled, at least, when it lands past the end).
         */
        final int own(int c, int length) {
            if (owned == null) {
                throw new IllegalStateException("frozen: a published snapshot is never written");
            }
            int needed = c < length ? length : Math.max(c + 1, length * 2);
            if (owned.length < needed) {
                owned = Arrays.copyOf(owned, needed);
            }
            owned[c] = true;
            return needed;
        }

        final void countCopy() {
            copied++;
        }

        /** How many shared chunks writes have copied since this array was made (none for a fresh one). */
        final int chunksCopied() {
            return copied;
        }
    }

    /** A chunked int array. */
    static final class Ints extends Cow {
        private int[][] chunks;

        Ints(int length) {
            chunks = new int[chunksFor(length)][];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = new int[SIZE];
            }
            owned = new boolean[chunks.length];
            Arrays.fill(owned, true);
        }

        private Ints(int[][] shared) {
            chunks = shared.clone();
            owned = new boolean[chunks.length];
        }

        int get(int i) {
            return chunks[i >>> BITS][i & MASK];
        }

        void set(int i, int v) {
            int c = i >>> BITS;
            if (!owns(c)) {
                writable(c);
            }
            chunks[c][i & MASK] = v;
        }

        private void writable(int c) {
            int length = own(c, chunks.length);
            if (length > chunks.length) {
                chunks = Arrays.copyOf(chunks, length);
            }
            if (chunks[c] == null) {
                chunks[c] = new int[SIZE];
            } else {
                chunks[c] = chunks[c].clone();
                countCopy();
            }
        }

        Ints copy() {
            return new Ints(chunks);
        }

        Ints freeze() {
            owned = null;
            return this;
        }
    }

    /** A chunked long array. */
    static final class Longs extends Cow {
        private long[][] chunks;

        Longs(int length) {
            chunks = new long[chunksFor(length)][];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = new long[SIZE];
            }
            owned = new boolean[chunks.length];
            Arrays.fill(owned, true);
        }

        private Longs(long[][] shared) {
            chunks = shared.clone();
            owned = new boolean[chunks.length];
        }

        long get(int i) {
            return chunks[i >>> BITS][i & MASK];
        }

        void set(int i, long v) {
            int c = i >>> BITS;
            if (!owns(c)) {
                writable(c);
            }
            chunks[c][i & MASK] = v;
        }

        private void writable(int c) {
            int length = own(c, chunks.length);
            if (length > chunks.length) {
                chunks = Arrays.copyOf(chunks, length);
            }
            if (chunks[c] == null) {
                chunks[c] = new long[SIZE];
            } else {
                chunks[c] = chunks[c].clone();
                countCopy();
            }
        }

        Longs copy() {
            return new Longs(chunks);
        }

        Longs freeze() {
            owned = null;
            return this;
        }
    }

    /** A chunked array of references. */
    static final class Refs<T> extends Cow {
        private Object[][] chunks;

        Refs(int length) {
            chunks = new Object[chunksFor(length)][];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = new Object[SIZE];
            }
            owned = new boolean[chunks.length];
            Arrays.fill(owned, true);
        }

        private Refs(Object[][] shared) {
            chunks = shared.clone();
            owned = new boolean[chunks.length];
        }

        @SuppressWarnings("unchecked")
        T get(int i) {
            return (T) chunks[i >>> BITS][i & MASK];
        }

        void set(int i, T v) {
            int c = i >>> BITS;
            if (!owns(c)) {
                writable(c);
            }
            chunks[c][i & MASK] = v;
        }

        private void writable(int c) {
            int length = own(c, chunks.length);
            if (length > chunks.length) {
                chunks = Arrays.copyOf(chunks, length);
            }
            if (chunks[c] == null) {
                chunks[c] = new Object[SIZE];
            } else {
                chunks[c] = chunks[c].clone();
                countCopy();
            }
        }

        Refs<T> copy() {
            return new Refs<>(chunks);
        }

        Refs<T> freeze() {
            owned = null;
            return this;
        }
    }
}
