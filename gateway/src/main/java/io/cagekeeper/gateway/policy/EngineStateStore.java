package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@code engine_state} table: the policy engine's state (who is inside which zone, who waits
 * for an escort or a second person, PIN failures, door facts, threat level, fire alarm) so that a
 * restart of the gateway forgets none of it. Writes are coalesced: at most one in flight, and the
 * newest state is written next, so a burst of decisions costs one write per round trip.
 */
public final class EngineStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(EngineStateStore.class);
    private static final String LOAD = "SELECT lines FROM engine_state WHERE id = 1";
    private static final String SAVE = """
            INSERT INTO engine_state (id, lines, updated_at) VALUES (1, $1, now())
            ON CONFLICT (id) DO UPDATE SET lines = EXCLUDED.lines, updated_at = EXCLUDED.updated_at
            """;

    private final Pool pool;
    private EngineState pending;
    private boolean writing;

    public EngineStateStore(Pool pool) {
        this.pool = pool;
    }

    public Future<EngineState> load() {
        return pool.query(LOAD).execute().map(rows -> rows.size() == 0 ? EngineState.initial()
                : EngineState.fromLines(List.of(rows.iterator().next().getArrayOfStrings("lines"))));
    }

    /** Schedules {@code state} to be written; call on the gateway's context. */
    public void save(EngineState state) {
        pending = state;
        if (!writing) {
            writeNext();
        }
    }

    private void writeNext() {
        EngineState s = pending;
        pending = null;
        if (s == null) {
            writing = false;
            return;
        }
        writing = true;
        pool.preparedQuery(SAVE).execute(Tuple.of((Object) s.toLines().toArray(String[]::new))).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("engine state not saved ({}); retrying with the next change", ar.cause().getMessage());
                if (pending == null) {
                    pending = s;
                    writing = false;
                    return;
                }
            }
            writeNext();
        });
    }

    /** True when nothing is waiting to be written. */
    public boolean idle() {
        return !writing && pending == null;
    }
}
