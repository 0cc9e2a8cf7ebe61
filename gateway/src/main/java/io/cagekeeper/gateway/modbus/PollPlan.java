package io.cagekeeper.gateway.modbus;

import java.util.Arrays;

/**
 * Which of a module's three tables a poll must read. The input registers (change counters, uptime,
 * status) are read every time; they say whether the other two can have changed:
 * <ul>
 *   <li>discrete inputs change only with their counters (the datasheet counts every debounced change),
 *       so they are read when a counter moved since the last poll or in the poll before it (a module
 *       that updates a counter a moment before the input is still read right), when the status flags
 *       are set, and at every full poll;</li>
 *   <li>relays change only by our writes, the module's pulse timer or its watchdog, so they are read
 *       while a door is released (a pulse may end), after any command since the last poll, when the
 *       status flags are set (watchdog trip, power cycle), and at every full poll.</li>
 * </ul>
 * A full poll (all three tables) comes at least once a second, so nothing can stay unseen longer
 * even if a module broke these rules. On a quiet module a poll is one request instead of three; at
 * 1,000 credentials/s the Modbus requests were as many polls as releases.
 *
 * @param full          read everything: first poll after a connect, or the periodic full poll
 * @param coilsMayMove  a door is released or a command ran since the previous poll
 * @param previous      the previous poll, whose coils or inputs are kept when not read again
 * @param movedLastTime the previous poll saw a counter move
 */
record PollPlan(boolean full, boolean coilsMayMove, ModuleSnapshot previous, boolean movedLastTime) {

    /** Every table: nothing is known yet. */
    static PollPlan everything() {
        return new PollPlan(true, true, null, false);
    }

    boolean readInputs(int[] counters, int statusFlags) {
        return full || previous == null || statusFlags != 0 || movedLastTime || !Arrays.equals(counters, previous.counters());
    }

    boolean readCoils(int statusFlags) {
        return full || previous == null || statusFlags != 0 || coilsMayMove;
    }
}
