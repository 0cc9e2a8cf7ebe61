package io.cagekeeper.sim.door;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedDoorIT {

    private DoorModuleSimulator module;

    @BeforeEach
    void start() throws Exception {
        module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
    }

    @AfterEach
    void stop() {
        module.close();
    }

    @Test
    void startsClosedWithoutCountingAChange() {
        SimulatedDoor door = new SimulatedDoor("cage-a", module, 0, true, 0, 1);
        assertThat(door.isOpen()).isFalse();
        assertThat(module.input(0)).isTrue();
        assertThat(module.inputRegister(0)).isZero();
    }

    @Test
    void derivesTheLockFromRelayAndPolarity() throws Exception {
        SimulatedDoor strike = new SimulatedDoor("strike", module, 0, true, 0, 1);
        SimulatedDoor maglock = new SimulatedDoor("maglock", module, 1, false, 2, 3);
        assertThat(strike.isLocked()).isTrue();
        assertThat(maglock.isLocked()).as("a fail-safe lock is open without power").isFalse();

        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", module.port());
        master.connect();
        try {
            master.writeCoil(1, 0, true);
            master.writeCoil(1, 1, true);
        } finally {
            master.disconnect();
        }
        assertThat(strike.isLocked()).isFalse();
        assertThat(maglock.isLocked()).isTrue();
    }

    @Test
    void countsAForcedOpeningOnThePositionInput() {
        SimulatedDoor door = new SimulatedDoor("cage-a", module, 0, true, 4, 5);
        door.open();
        assertThat(door.isLocked()).isTrue();
        assertThat(door.isOpen()).isTrue();
        door.close();
        assertThat(module.inputRegister(4)).isEqualTo(2);
    }

    @Test
    void givesUpPushingThroughWhenTheLockNeverReleases() {
        SimulatedDoor door = new SimulatedDoor("cage-a", module, 0, true, 0, 1);
        assertThat(door.pushThrough(Duration.ofMillis(50), Duration.ofMillis(10))).isFalse();
        assertThat(module.inputRegister(0)).isZero();
    }

    @Test
    void passesThroughOnceAPulseReleasesTheLock() throws Exception {
        SimulatedDoor door = new SimulatedDoor("cage-a", module, 2, true, 6, 7);
        CompletableFuture<Boolean> person = CompletableFuture.supplyAsync(
                () -> door.pushThrough(Duration.ofSeconds(2), Duration.ofMillis(50)));
        ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", module.port());
        master.connect();
        try {
            master.writeSingleRegister(1, 2, new SimpleRegister(100));
            master.writeCoil(1, 2, true);
        } finally {
            master.disconnect();
        }
        assertThat(person.get()).isTrue();
        assertThat(door.isOpen()).isFalse();
        assertThat(module.inputRegister(6)).as("opened and closed").isEqualTo(2);
    }

    @Test
    void pressesAndReleasesRex() {
        SimulatedDoor door = new SimulatedDoor("cage-a", module, 0, true, 0, 1);
        door.pressRex(Duration.ofMillis(10));
        assertThat(module.input(1)).isFalse();
        assertThat(module.inputRegister(1)).isEqualTo(2);
    }
}
