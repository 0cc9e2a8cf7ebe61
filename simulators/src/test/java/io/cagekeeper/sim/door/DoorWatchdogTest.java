package io.cagekeeper.sim.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watchdog, counters and status registers, through the PDU layer without sockets. */
class DoorWatchdogTest {

    private final DoorIoImage image = new DoorIoImage("test");
    private final DoorIoProtocol protocol = new DoorIoProtocol(1, image);

    @AfterEach
    void closeImage() {
        image.close();
    }

    private byte[] request(int fc, int first, int value) {
        return protocol.handle(1, ByteBuffer.allocate(5).put((byte) fc).putShort((short) first).putShort((short) value).array());
    }

    private void armWatchdog(int tenthsOfSeconds, int safeMask) {
        request(6, 101, safeMask);
        request(6, 100, tenthsOfSeconds);
    }

    @Test
    void tripsToTheSafeStateWhenNoRequestArrivesWithinTheTimeout() throws Exception {
        armWatchdog(2, 0b0000_0010);
        request(5, 0, 0xFF00);
        Thread.sleep(350);
        assertThat(image.coils(0, 2)).containsExactly(false, true);
        assertThat(image.inputRegisters(10, 1)[0] & 1).as("tripped flag").isOne();
    }

    @Test
    void staysQuietWhileAClientPollsFasterThanTheTimeout() throws Exception {
        armWatchdog(3, 0);
        request(5, 0, 0xFF00);
        for (int i = 0; i < 8; i++) {
            Thread.sleep(100);
            request(2, 0, 8);
        }
        assertThat(image.coils(0, 1)).containsExactly(true);
        assertThat(image.inputRegisters(10, 1)[0] & 1).isZero();
    }

    @Test
    void isNotFedByRequestsAnsweredWithAnException() throws Exception {
        armWatchdog(2, 0);
        request(5, 0, 0xFF00);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(100);
            assertThat(request(1, 9, 1)).containsExactly((byte) 0x81, (byte) 2);
        }
        assertThat(image.coils(0, 1)).containsExactly(false);
    }

    @Test
    void ignoresWritesThatLeaveTheSafeStateUntilTheFlagIsCleared() throws Exception {
        armWatchdog(1, 0b0000_0010);
        Thread.sleep(250);

        request(5, 0, 0xFF00);
        request(5, 1, 0x0000);
        assertThat(image.coils(0, 2)).as("both writes ignored").containsExactly(false, true);

        request(6, 100, 0);
        request(6, 102, 0);
        request(5, 0, 0xFF00);
        request(5, 1, 0x0000);
        assertThat(image.coils(0, 2)).containsExactly(true, false);
        assertThat(image.inputRegisters(10, 1)).containsExactly(0);
    }

    @Test
    void doesNotPulseARelayOutOfItsSafeStateWhileTripped() throws Exception {
        request(6, 3, 5);
        armWatchdog(1, 0b0000_1000);
        Thread.sleep(250);
        request(5, 3, 0xFF00);
        Thread.sleep(150);
        assertThat(image.coils(3, 1)).containsExactly(true);
    }

    @Test
    void wrapsChangeCountersAt16Bits() {
        for (int i = 0; i < 65_537; i++) {
            image.setInput(2, i % 2 == 0);
        }
        assertThat(image.inputRegisters(2, 1)).containsExactly(1);
    }

    @Test
    void countsUptimeInSecondsHighWordFirstFromPowerOn() throws Exception {
        image.powerCycle();
        assertThat(image.inputRegisters(8, 2)).containsExactly(0, 0);
        Thread.sleep(1_050);
        assertThat(image.inputRegisters(8, 2)).containsExactly(0, 1);
    }

    @Test
    void clearsTheTrippedFlagButKeepsWatchdogSettingsOnPowerCycle() throws Exception {
        armWatchdog(1, 0b1000_0000);
        Thread.sleep(250);
        image.powerCycle();
        assertThat(image.inputRegisters(10, 1)).as("only power-on").containsExactly(2);
        assertThat(image.holdingRegisters(100, 2)).containsExactly(1, 0b1000_0000);
        assertThat(image.coils(7, 1)).as("relays off after power-up").containsExactly(false);
    }
}
