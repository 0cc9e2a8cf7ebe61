package io.cagekeeper.gateway.modbus;

import io.cagekeeper.gateway.config.GatewayConfig;
import io.cagekeeper.gateway.config.GatewayConfig.DoorHardware;
import io.cagekeeper.gateway.config.GatewayConfig.LockType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The holding registers a module must hold for its doors, and how what it reports differs. Pure.
 *
 * <p>Why: the watchdog timeout (100), its safe state (101) and the pulse widths (0-7) are what makes
 * a door relock by itself when the gateway dies or a pulse ends. Any Modbus client may write them
 * (the protocol has no authentication): a watchdog set to 0, a safe state that releases, or a strike's
 * pulse width set to 0 (latched) silently removes that protection. So they are read back after every
 * configuration and at least once a second, and a difference is recorded and rewritten.
 *
 * <p>A strike held released for fire egress is latched (pulse width 0) on purpose; while its hold or
 * its restore is under way either value is accepted for that relay.
 */
final class ModuleConfigCheck {

    static final int REG_WATCHDOG = 100;
    static final int REG_SAFE_STATE = 101;

    /** One register that differs: its address, the value the gateway wrote, the value the module holds. */
    record Mismatch(int address, int expected, int found) {
        String describe() {
            String what = address == REG_WATCHDOG ? "watchdog timeout" : address == REG_SAFE_STATE ? "safe-state mask" : "pulse width of DO" + address;
            return what + " (register " + address + ") is " + found + ", expected " + expected;
        }
    }

    private final GatewayConfig.Module module;
    private final Collection<DoorHardware> doors;

    ModuleConfigCheck(GatewayConfig.Module module, Collection<DoorHardware> doors) {
        this.module = module;
        this.doors = doors;
    }

    /** The pulse width a door's relay normally has: its release time for a strike, 0 (latched) for a maglock. */
    static int pulseWidth(DoorHardware d) {
        return d.lockType() == LockType.FAIL_SECURE ? (int) (d.release().toMillis() / 10) : 0;
    }

    /** The relay state that locks a door: a strike de-energised, a maglock energised. */
    static boolean lockedCoil(DoorHardware d) {
        return d.lockType() != LockType.FAIL_SECURE;
    }

    /** The watchdog's safe state: every door locked (maglocks energised, strikes de-energised). */
    int safeStateMask() {
        int mask = 0;
        for (DoorHardware d : doors) {
            if (lockedCoil(d)) {
                mask |= 1 << d.lockRelay();
            }
        }
        return mask;
    }

    int watchdogUnits() {
        return module.watchdogUnits();
    }

    /**
     * @param pulses   holding registers 0-7 as read
     * @param fireHeld relays whose door is held for fire egress or being restored from it
     */
    List<Mismatch> compare(int[] pulses, int watchdog, int safeState, Set<Integer> fireHeld) {
        List<Mismatch> out = new ArrayList<>();
        if (watchdog != watchdogUnits()) {
            out.add(new Mismatch(REG_WATCHDOG, watchdogUnits(), watchdog));
        }
        if (safeState != safeStateMask()) {
            out.add(new Mismatch(REG_SAFE_STATE, safeStateMask(), safeState));
        }
        for (DoorHardware d : doors) {
            int found = pulses[d.lockRelay()];
            boolean heldLatched = fireHeld.contains(d.lockRelay()) && found == 0;
            if (found != pulseWidth(d) && !heldLatched) {
                out.add(new Mismatch(d.lockRelay(), pulseWidth(d), found));
            }
        }
        return out;
    }
}
