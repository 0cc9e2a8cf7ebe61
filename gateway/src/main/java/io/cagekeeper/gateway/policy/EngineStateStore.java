package io.cagekeeper.gateway.policy;

import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 *
 * <p>A change of what only the engine knows (anti-passback marks, pending companions, PIN failures,
 * threat level, fire alarm) is written at once. A change of door facts alone (a door opened, closed,
 * released, relocked) is written at most every {@link #DOOR_FACTS_DELAY_MS} ms: the modules report
 * those facts again at their first poll after a restart, which re-syncs them, and writing the whole
 * state for every lock pulse cost a commit per pulse (at 1,000 badges/s, thousands a second).
 */
public final class EngineStateStore {

    /** How stale the stored door facts may be; the first poll after a restart corrects them anyway. */
    public static final long DOOR_FACTS_DELAY_MS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(EngineStateStore.class);
    private static final String LOAD = "SELECT lines FROM engine_state WHERE id = 1";
    private static final String SAVE = """
            INSERT INTO engine_state (id, lines, updated_at) VALUES (1, $1, now())
            ON CONFLICT (id) DO UPDATE SET lines = EXCLUDED.lines, updated_at = EXCLUDED.updated_at
            """;

    private final Vertx vertx;
    private final Pool pool;
    private EngineState pending;
    private boolean pendingUrgent;
    private EngineState lastSubmitted;
    private boolean writing;
    private long timer = -1;

    public EngineStateStore(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    public Future<EngineState> load() {
        return pool.query(LOAD).execute().map(rows -> rows.size() == 0 ? EngineState.initial()
                : EngineState.fromLines(List.of(rows.iterator().next().getArrayOfStrings("lines"))));
    }

    /** Schedules {@code state} to be written; call on the gateway's context. */
    public void save(EngineState state) {
        boolean urgent = lastSubmitted == null || !sameLastingFacts(lastSubmitted, state);
        lastSubmitted = state;
        pending = state;
        pendingUrgent |= urgent;
        if (!writing) {
            next();
        }
    }

    /** Writes now if something lasting waits, else once the door-facts delay has passed. */
    private void next() {
        if (pending == null) {
            writing = false;
            return;
        }
        if (pendingUrgent) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            write();
        } else if (timer < 0) {
            timer = vertx.setTimer(DOOR_FACTS_DELAY_MS, t -> {
                timer = -1;
                if (!writing && pending != null) {
                    write();
                }
            });
        }
    }

    private void write() {
        EngineState s = pending;
        pending = null;
        pendingUrgent = false;
        writing = true;
        pool.preparedQuery(SAVE).execute(Tuple.of((Object) s.toLines().toArray(String[]::new))).onComplete(ar -> {
            writing = false;
            if (ar.failed()) {
                LOG.warn("engine state not saved ({}); retrying with the next change", ar.cause().getMessage());
                if (pending == null) {
                    pending = s;
                    pendingUrgent = true;
                    return;
                }
                pendingUrgent = true;
            }
            next();
        });
    }

    private static boolean sameLastingFacts(EngineState a, EngineState b) {
        return a.threatLevel() == b.threatLevel() && a.fireAlarm() == b.fireAlarm()
                && (a.apb() == b.apb() || a.apb().equals(b.apb()))
                && (a.pinFailures() == b.pinFailures() || a.pinFailures().equals(b.pinFailures()))
                && (a.pending() == b.pending() || a.pending().equals(b.pending()));
    }

    /** True when nothing is waiting to be written. */
    public boolean idle() {
        return !writing && pending == null;
    }
}
