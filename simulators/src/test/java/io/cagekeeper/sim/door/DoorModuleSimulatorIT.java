package io.cagekeeper.sim.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The module over real sockets, checked with j2mod's master as an independent client. */
class DoorModuleSimulatorIT {

    private static final int UNIT = 3;
    private DoorModuleSimulator module;
    private ModbusTCPMaster master;

    @BeforeEach
    void start() throws Exception {
        module = DoorModuleSimulator.start("127.0.0.1", 0, UNIT);
        master = connectedMaster();
    }

    @AfterEach
    void stop() {
        master.disconnect();
        module.close();
    }

    private ModbusTCPMaster connectedMaster() throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", module.port(), 2000, false);
        m.setRetries(0);
        m.connect();
        return m;
    }

    @Test
    void picksAFreePortWhenAskedForPortZero() {
        assertThat(module.port()).isPositive().isNotEqualTo(502);
        assertThat(module.unitId()).isEqualTo(UNIT);
    }

    @Test
    void energisesARelayWrittenByAClientAndTellsItsListeners() throws Exception {
        List<String> changes = new CopyOnWriteArrayList<>();
        module.addCoilListener((ch, on, at) -> changes.add(ch + "=" + on));

        master.writeCoil(UNIT, 2, true);

        assertThat(module.coil(2)).isTrue();
        assertThat(master.readCoils(UNIT, 0, 8).getBit(2)).isTrue();
        awaitSize(changes, 1);
        assertThat(changes).containsExactly("2=true");
    }

    @Test
    void pulsesTheRelayOffAfterItsWidth() throws Exception {
        List<Instant> times = new CopyOnWriteArrayList<>();
        module.addCoilListener((ch, on, at) -> times.add(at));
        master.writeSingleRegister(UNIT, 1, new SimpleRegister(20)); // 200 ms

        master.writeCoil(UNIT, 1, true);
        assertThat(module.coil(1)).isTrue();
        awaitSize(times, 2);

        assertThat(module.coil(1)).isFalse();
        long widthMs = times.get(1).toEpochMilli() - times.get(0).toEpochMilli();
        assertThat(widthMs).isBetween(190L, 400L);
    }

    @Test
    void restartsThePulseWhenOneIsWrittenAgainDuringIt() throws Exception {
        master.writeSingleRegister(UNIT, 0, new SimpleRegister(30)); // 300 ms
        master.writeCoil(UNIT, 0, true);
        Thread.sleep(200);
        master.writeCoil(UNIT, 0, true);
        Thread.sleep(200);
        assertThat(module.coil(0)).as("400 ms after the first write, 200 ms after the restart").isTrue();
        Thread.sleep(250);
        assertThat(module.coil(0)).isFalse();
    }

    @Test
    void endsThePulseWhenZeroIsWritten() throws Exception {
        List<String> changes = new CopyOnWriteArrayList<>();
        module.addCoilListener((ch, on, at) -> changes.add(ch + "=" + on));
        master.writeSingleRegister(UNIT, 4, new SimpleRegister(50));
        master.writeCoil(UNIT, 4, true);
        master.writeCoil(UNIT, 4, false);
        Thread.sleep(600);
        assertThat(changes).containsExactly("4=true", "4=false");
    }

    @Test
    void reportsInputsAndCountsEveryChange() throws Exception {
        module.setInput(5, true);
        module.setInput(5, false);
        module.setInput(5, true);
        module.setInput(5, true); // no change

        BitVector inputs = master.readInputDiscretes(UNIT, 0, 8);
        InputRegister[] counters = master.readInputRegisters(UNIT, 0, 8);

        assertThat(inputs.getBit(5)).isTrue();
        assertThat(inputs.getBit(4)).isFalse();
        assertThat(counters[5].getValue()).isEqualTo(3);
        assertThat(counters[4].getValue()).isZero();
    }

    @Test
    void answersIllegalDataValueForAPulseWidthOutOfRange() {
        assertThatThrownBy(() -> master.writeSingleRegister(UNIT, 0, new SimpleRegister(6001)))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(3));
        assertThat(module.holdingRegister(0)).isZero();
    }

    @Test
    void answersIllegalDataAddressOutsideTheMap() {
        assertThatThrownBy(() -> master.readCoils(UNIT, 8, 1))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
    }

    @Test
    void dropsRelaysAndCountersButKeepsHoldingRegistersOnPowerCycle() throws Exception {
        master.writeSingleRegister(UNIT, 100, new SimpleRegister(50));
        master.writeSingleRegister(UNIT, 102, new SimpleRegister(0));
        master.writeCoil(UNIT, 6, true);
        module.setInput(0, true);

        module.powerCycle();

        assertThat(module.coil(6)).isFalse();
        assertThat(module.inputRegister(0)).isZero();
        assertThat(module.holdingRegister(100)).isEqualTo(50);
        assertThat(module.inputRegister(10) & 2).as("power-on flag").isEqualTo(2);
        assertThat(module.input(0)).as("inputs are the physical world").isTrue();
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(list).hasSize(size);
    }
}
