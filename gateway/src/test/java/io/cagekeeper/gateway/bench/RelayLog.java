package io.cagekeeper.gateway.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When each door's lock relay was energised, as the simulated modules saw it (their CoilListener
 * timestamps, taken when the write changed the relay). A write to a relay whose pulse is still running
 * changes nothing and so is not seen here: the benchmark spaces each door's credentials further apart
 * than the pulse, and counts what it could not match.
 */
final class RelayLog {

    private final List<List<Long>> energisedAt = new ArrayList<>();

    RelayLog(int doors) {
        for (int i = 0; i < doors; i++) {
            energisedAt.add(new ArrayList<>());
        }
    }

    int doors() {
        return energisedAt.size();
    }

    /** Called on a module's event thread. */
    void record(int door, Instant at) {
        List<Long> list = energisedAt.get(door);
        synchronized (list) {
            list.add(EpochNanos.of(at));
        }
    }

    /** Takes (and forgets) the energise times of {@code door}, in order. */
    long[] drain(int door) {
        List<Long> list = energisedAt.get(door);
        synchronized (list) {
            long[] out = list.stream().mapToLong(Long::longValue).toArray();
            list.clear();
            return out;
        }
    }

    void clear() {
        for (int i = 0; i < energisedAt.size(); i++) {
            drain(i);
        }
    }
}
