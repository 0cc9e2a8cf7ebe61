package io.cagekeeper.gateway.modbus;

import java.time.Instant;

/**
 * One poll of a door module: relay states (coils 0-7), input states (discrete inputs 0-7), the
 * input change counters, and the status flags, as bit masks and plain numbers.
 */
public record ModuleSnapshot(int coils, int inputs, int[] counters, int statusFlags, long uptimeSeconds, Instant at) {

    public static final int FLAG_WATCHDOG_TRIPPED = 1;
    public static final int FLAG_POWER_ON = 2;

    public boolean coil(int channel) {
        return (coils >>> channel & 1) == 1;
    }

    public boolean input(int channel) {
        return (inputs >>> channel & 1) == 1;
    }

    public int counter(int channel) {
        return counters[channel];
    }
}
