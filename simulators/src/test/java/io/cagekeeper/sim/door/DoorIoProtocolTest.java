package io.cagekeeper.sim.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The PDU layer without sockets: every function code, every exception, no partial writes. */
class DoorIoProtocolTest {

    private static final int UNIT = 7;
    private final DoorIoImage image = new DoorIoImage("test");
    private final DoorIoProtocol protocol = new DoorIoProtocol(UNIT, image);

    @AfterEach
    void closeImage() {
        image.close();
    }

    private byte[] request(int fc, int... shorts) {
        ByteBuffer b = ByteBuffer.allocate(1 + 2 * shorts.length).put((byte) fc);
        for (int s : shorts) {
            b.putShort((short) s);
        }
        return protocol.handle(UNIT, b.array());
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void writesAndReadsBackACoil() {
        assertThat(request(5, 3, 0xFF00)).containsExactly(bytes(5, 0, 3, 0xFF, 0));
        assertThat(request(1, 0, 8)).containsExactly(bytes(1, 1, 0b0000_1000));
    }

    @Test
    void answersIllegalFunctionForCodesOutsideTheDatasheet() {
        for (int fc : new int[] {7, 8, 11, 17, 22, 23, 43, 0x7F}) {
            assertThat(request(fc, 0, 1)).as("fc %d", fc).containsExactly(bytes(fc | 0x80, 1));
        }
    }

    @Test
    void answersIllegalAddressForReadsBeyondTheMap() {
        assertThat(request(1, 7, 2)).containsExactly(bytes(0x81, 2));
        assertThat(request(2, 8, 1)).containsExactly(bytes(0x82, 2));
        assertThat(request(3, 7, 2)).containsExactly(bytes(0x83, 2));
        assertThat(request(3, 99, 1)).containsExactly(bytes(0x83, 2));
        assertThat(request(3, 103, 1)).containsExactly(bytes(0x83, 2));
        assertThat(request(4, 11, 2)).containsExactly(bytes(0x84, 2));
    }

    @Test
    void answersIllegalValueForOutOfRangeQuantitiesAndValues() {
        assertThat(request(1, 0, 0)).containsExactly(bytes(0x81, 3));
        assertThat(request(3, 0, 126)).containsExactly(bytes(0x83, 3));
        assertThat(request(5, 0, 0x1234)).containsExactly(bytes(0x85, 3));
        assertThat(request(6, 0, 6001)).containsExactly(bytes(0x86, 3));
        assertThat(request(6, 100, 601)).containsExactly(bytes(0x86, 3));
        assertThat(request(6, 101, 256)).containsExactly(bytes(0x86, 3));
        assertThat(request(6, 102, 1)).containsExactly(bytes(0x86, 3));
    }

    @Test
    void acceptsTheLargestValuesInRange() {
        assertThat(request(6, 0, 6000)).containsExactly(bytes(6, 0, 0, 0x17, 0x70));
        assertThat(request(6, 100, 600)).containsExactly(bytes(6, 0, 100, 0x02, 0x58));
        assertThat(request(6, 101, 255)).containsExactly(bytes(6, 0, 101, 0, 0xFF));
        assertThat(image.holdingRegisters(100, 2)).containsExactly(600, 255);
    }

    @Test
    void leavesEveryRegisterUntouchedWhenOneValueOfAMultipleWriteIsOutOfRange() {
        byte[] pdu = ByteBuffer.allocate(6 + 6).put((byte) 16).putShort((short) 0).putShort((short) 3).put((byte) 6)
                .putShort((short) 100).putShort((short) 200).putShort((short) 6001).array();
        assertThat(protocol.handle(UNIT, pdu)).containsExactly(bytes(0x90, 3));
        assertThat(image.holdingRegisters(0, 3)).containsExactly(0, 0, 0);
    }

    @Test
    void writesMultipleCoilsFromPackedBits() {
        byte[] pdu = bytes(15, 0, 2, 0, 4, 1, 0b1011);
        assertThat(protocol.handle(UNIT, pdu)).containsExactly(bytes(15, 0, 2, 0, 4));
        assertThat(image.coils(0, 8)).containsExactly(false, false, true, true, false, true, false, false);
    }

    @Test
    void rejectsAMultipleCoilWriteWhoseByteCountDisagreesWithItsQuantity() {
        assertThat(protocol.handle(UNIT, bytes(15, 0, 0, 0, 9, 1, 0xFF))).containsExactly(bytes(0x8F, 3));
        assertThat(image.coils(0, 8)).containsOnly(false);
    }

    @Test
    void readsInputRegistersWithFirmwareAndPowerOnFlag() {
        byte[] r = request(4, 10, 2);
        assertThat(r).containsExactly(bytes(4, 4, 0, 2, 0, 103));
    }

    @Test
    void clearsThePowerOnFlagWhenZeroIsWrittenToRegister102() {
        request(6, 102, 0);
        assertThat(image.inputRegisters(10, 1)).containsExactly(0);
    }

    @Test
    void staysSilentForAnotherUnitId() {
        assertThat(protocol.handle(UNIT + 1, bytes(1, 0, 0, 0, 1))).isNull();
    }

    @Test
    void answersAnInjectedExceptionOnceForItsFunctionCode() {
        protocol.injectException(5, 4);
        assertThat(request(1, 0, 1)).containsExactly(bytes(1, 1, 0));
        assertThat(request(5, 0, 0xFF00)).containsExactly(bytes(0x85, 4));
        assertThat(image.coils(0, 1)).containsExactly(false);
        assertThat(request(5, 0, 0xFF00)).containsExactly(bytes(5, 0, 0, 0xFF, 0));
    }

    @Test
    void rejectsATruncatedRequestAsAnIllegalValue() {
        assertThat(protocol.handle(UNIT, bytes(3, 0, 0))).containsExactly(bytes(0x83, 3));
    }
}
