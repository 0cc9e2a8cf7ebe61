package io.cagekeeper.sim.door;

import java.time.Instant;

/**
 * Told about every change of a relay output of a {@link DoorModuleSimulator}: a client write, the end of
 * a pulse, a watchdog trip or a power cycle. Writes that leave a relay as it was are not changes.
 *
 * <p>Called on the module's single event thread, in the order the changes happened, never while the
 * module holds its lock: a listener may call back into the module, and a slow listener delays only
 * later notifications, never the Modbus server.
 */
@FunctionalInterface
public interface CoilListener {

    /**
     * @param channel    relay DO0-DO7
     * @param energised  the relay's new state
     * @param at         when the module changed it
     */
    void onCoilChanged(int channel, boolean energised, Instant at);
}
