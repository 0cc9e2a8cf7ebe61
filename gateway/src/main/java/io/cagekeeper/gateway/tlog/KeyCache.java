package io.cagekeeper.gateway.tlog;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The subjects' keys one verify-log has read, by key number, so that a chunk asks the database only for
 * keys no chunk before it asked for: a site's events name the same persons and cards again and again,
 * and a key look-up per row (an index probe each, 10,000 a chunk) was a good part of PostgreSQL's work.
 * Sound because every read of a check is in one snapshot: a key number names the same key (or none, if
 * erased) for the whole check. Bounded: at most {@link #MAX} keys (about 100 bytes each, 20 MB in all);
 * beyond that, keys not held are read per chunk again. Shared by the reading threads.
 */
final class KeyCache {

    static final int MAX = 200_000;
    /** Held for a key number the database has no key for (erased): it is not asked for again. */
    private static final byte[] NONE = new byte[0];

    private final Map<Long, byte[]> keys = new HashMap<>();

    /** Of {@code ids}, those not held. */
    synchronized Set<Long> missing(Set<Long> ids) {
        Set<Long> out = new TreeSet<>();
        for (Long id : ids) {
            if (!keys.containsKey(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Holds what the database answered for {@code asked} ({@code found}: those it has a key for), while there is room. */
    synchronized void add(Set<Long> asked, Map<Long, byte[]> found) {
        for (Long id : asked) {
            if (keys.size() >= MAX) {
                return;
            }
            byte[] k = found.get(id);
            keys.put(id, k == null ? NONE : k);
        }
    }

    /** The key held for {@code id}; null when the database has none or it is not held (then see {@code found}). */
    synchronized byte[] get(Long id) {
        byte[] k = keys.get(id);
        return k == NONE ? null : k;
    }
}
