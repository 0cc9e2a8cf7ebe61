package io.cagekeeper.gateway.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.cagekeeper.gateway.config.GatewayConfig;
import java.time.Instant;

/**
 * Blocking Modbus TCP calls to one door module (j2mod). Not thread-safe by design: the owning
 * {@link DoorModule} runs every call on its own single worker thread, which also keeps requests on
 * the connection in order as the datasheet expects.
 */
final class ModbusConnection {

    /** A Modbus failure with a message fit for the log: what, where, and the module's answer. */
    static final class ModuleFault extends Exception {
        ModuleFault(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final GatewayConfig.Module config;
    private ModbusTCPMaster master;

    ModbusConnection(GatewayConfig.Module config) {
        this.config = config;
    }

    boolean connected() {
        return master != null && master.isConnected();
    }

    void connect() throws ModuleFault {
        disconnect();
        ModbusTCPMaster m = new ModbusTCPMaster(config.host(), config.port(), (int) config.timeout().toMillis(), false);
        try {
            m.connect();
        } catch (Exception e) {
            throw new ModuleFault("cannot connect to module " + config.id() + " at " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        master = m;
    }

    void disconnect() {
        if (master != null) {
            master.disconnect();
            master = null;
        }
    }

    /** Reads what {@code plan} says may have changed (always the input registers); the rest comes from its previous poll. */
    ModuleSnapshot poll(PollPlan plan) throws ModuleFault {
        try {
            InputRegister[] regs = master.readInputRegisters(config.unitId(), 0, 12);
            if (regs == null || regs.length < 12) {
                throw new ModuleFault("module " + config.id() + " sent a short reply to a poll", null);
            }
            int[] counters = new int[8];
            for (int i = 0; i < 8; i++) {
                counters[i] = regs[i].getValue() & 0xFFFF;
            }
            int flags = regs[10].getValue() & 0xFFFF;
            int inputs = plan.readInputs(counters, flags) ? reply(master.readInputDiscretes(config.unitId(), 0, 8))
                    : plan.previous().inputs();
            int coils = plan.readCoils(flags) ? reply(master.readCoils(config.unitId(), 0, 8)) : plan.previous().coils();
            long uptime = ((long) (regs[8].getValue() & 0xFFFF) << 16) | (regs[9].getValue() & 0xFFFF);
            return new ModuleSnapshot(coils, inputs, counters, flags, uptime, Instant.now());
        } catch (ModbusException | RuntimeException e) {
            throw fault("poll", e);
        }
    }

    void writeCoil(int channel, boolean on) throws ModuleFault {
        try {
            master.writeCoil(config.unitId(), channel, on);
        } catch (ModbusException | RuntimeException e) {
            throw fault("write of relay DO" + channel, e);
        }
    }

    void writeRegister(int address, int value) throws ModuleFault {
        try {
            master.writeSingleRegister(config.unitId(), address, new SimpleRegister(value));
        } catch (ModbusException | RuntimeException e) {
            throw fault("write of holding register " + address, e);
        }
    }

    private ModuleFault fault(String what, Exception e) {
        return new ModuleFault(what + " on module " + config.id() + " failed: " + e.getMessage(), e);
    }

    private int reply(BitVector v) throws ModuleFault {
        if (v == null) {
            throw new ModuleFault("module " + config.id() + " sent a short reply to a poll", null);
        }
        return bits(v);
    }

    private static int bits(BitVector v) {
        int mask = 0;
        for (int i = 0; i < Math.min(8, v.size()); i++) {
            if (v.getBit(i)) {
                mask |= 1 << i;
            }
        }
        return mask;
    }
}
