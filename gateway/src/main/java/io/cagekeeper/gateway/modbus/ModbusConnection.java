package io.cagekeeper.gateway.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.cagekeeper.gateway.access.Metrics;
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
        private final boolean refused;

        ModuleFault(String message, Throwable cause) {
            this(message, cause, false);
        }

        ModuleFault(String message, Throwable cause, boolean refused) {
            super(message, cause, false, false);
            this.refused = refused;
        }

        /**
         * The module answered with a Modbus exception, so it did not execute the request. Otherwise
         * (no reply, a cut connection, a garbled reply) a write may or may not have taken effect.
         */
        boolean refused() {
            return refused;
        }
    }

    /** The holding registers that protect the doors: pulse widths 0-7, the watchdog timeout, its safe state. */
    record Registers(int[] pulses, int watchdog, int safeState) {
    }

    /**
     * One poll: the snapshot, whether its relays were read now (not kept from the previous poll), when
     * it started ({@link System#nanoTime()}, so a reading can be told from one that a command overtook),
     * and the protecting registers when asked for.
     */
    record Poll(ModuleSnapshot snapshot, boolean coilsRead, long startedNanos, Registers registers) {
    }

    private final GatewayConfig.Module config;
    /** Answered transactions with the module, timed by kind: a poll (1-4 requests), a write, a read-back. */
    private final Metrics.Timing polls;
    private final Metrics.Timing writes;
    private final Metrics.Timing reads;
    private ModbusTCPMaster master;

    ModbusConnection(GatewayConfig.Module config, Metrics metrics) {
        this.config = config;
        this.polls = metrics.timing("modbus.transaction", "module", config.id(), "operation", "poll");
        this.writes = metrics.timing("modbus.transaction", "module", config.id(), "operation", "write");
        this.reads = metrics.timing("modbus.transaction", "module", config.id(), "operation", "read");
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
        // one attempt per request (j2mod's default is five): a write whose reply is lost must fail at once, to be
        // relocked and read back, not be sent again and again behind the caller's back
        m.setRetries(1);
        master = m;
    }

    void disconnect() {
        if (master != null) {
            master.disconnect();
            master = null;
        }
    }

    /**
     * Reads what {@code plan} says may have changed (always the input registers); the rest comes from
     * its previous poll. With {@code registers} also the holding registers that protect the doors.
     */
    Poll poll(PollPlan plan, boolean registers) throws ModuleFault {
        long started = System.nanoTime();
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
            boolean coilsRead = plan.readCoils(flags);
            int coils = coilsRead ? reply(master.readCoils(config.unitId(), 0, 8)) : plan.previous().coils();
            long uptime = ((long) (regs[8].getValue() & 0xFFFF) << 16) | (regs[9].getValue() & 0xFFFF);
            Registers held = registers ? holdingRegisters() : null;
            polls.since(started);
            return new Poll(new ModuleSnapshot(coils, inputs, counters, flags, uptime, Instant.now()), coilsRead, started, held);
        } catch (ModbusException | RuntimeException e) {
            throw fault("poll", e);
        }
    }

    /** The relay states, bit n = DOn energised. */
    int readCoils() throws ModuleFault {
        long started = System.nanoTime();
        try {
            int coils = reply(master.readCoils(config.unitId(), 0, 8));
            reads.since(started);
            return coils;
        } catch (ModbusException | RuntimeException e) {
            throw fault("read-back of the relays", e);
        }
    }

    /** Holding registers 0-7, 100 and 101 (two requests: 8-99 are outside the map). */
    Registers readRegisters() throws ModuleFault {
        long started = System.nanoTime();
        Registers r = holdingRegisters();
        reads.since(started);
        return r;
    }

    /** The same, untimed: inside a poll, timed as the poll. */
    private Registers holdingRegisters() throws ModuleFault {
        try {
            InputRegister[] pulses = master.readMultipleRegisters(config.unitId(), 0, 8);
            InputRegister[] watchdog = master.readMultipleRegisters(config.unitId(), ModuleConfigCheck.REG_WATCHDOG, 2);
            if (pulses == null || pulses.length < 8 || watchdog == null || watchdog.length < 2) {
                throw new ModuleFault("module " + config.id() + " sent a short reply to a holding-register read", null);
            }
            int[] p = new int[8];
            for (int i = 0; i < 8; i++) {
                p[i] = pulses[i].getValue() & 0xFFFF;
            }
            return new Registers(p, watchdog[0].getValue() & 0xFFFF, watchdog[1].getValue() & 0xFFFF);
        } catch (ModbusException | RuntimeException e) {
            throw fault("read-back of the holding registers", e);
        }
    }

    void writeCoil(int channel, boolean on) throws ModuleFault {
        long started = System.nanoTime();
        try {
            master.writeCoil(config.unitId(), channel, on);
            writes.since(started);
        } catch (ModbusException | RuntimeException e) {
            throw fault("write of relay DO" + channel, e);
        }
    }

    void writeRegister(int address, int value) throws ModuleFault {
        long started = System.nanoTime();
        try {
            master.writeSingleRegister(config.unitId(), address, new SimpleRegister(value));
            writes.since(started);
        } catch (ModbusException | RuntimeException e) {
            throw fault("write of holding register " + address, e);
        }
    }

    private ModuleFault fault(String what, Exception e) {
        return new ModuleFault(what + " on module " + config.id() + " failed: " + e.getMessage(), e,
                e instanceof ModbusSlaveException);
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
