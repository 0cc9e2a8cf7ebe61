package io.cagekeeper.sim.door;

import static io.cagekeeper.sim.door.ModbusError.ILLEGAL_DATA_ADDRESS;
import static io.cagekeeper.sim.door.ModbusError.ILLEGAL_DATA_VALUE;
import static io.cagekeeper.sim.door.ModbusError.ILLEGAL_FUNCTION;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The module's Modbus application layer: decodes each PDU, checks it in the order the Modbus
 * specification gives (function code, then quantity and length: exception 03, then addresses:
 * exception 02, then values: exception 03), and only then touches the {@link DoorIoImage}, so a request
 * that fails is never partly applied. A request that passes the checks feeds the communication watchdog;
 * one answered with an exception does not.
 *
 * <p>Requests for another unit id are not answered, as a device on a shared line would not. A one-shot
 * exception can be injected per function code to test a client's error handling.
 */
final class DoorIoProtocol implements ModbusTcpServer.Handler {

    private static final int READ_COILS = 1;
    private static final int READ_DISCRETE_INPUTS = 2;
    private static final int READ_HOLDING_REGISTERS = 3;
    private static final int READ_INPUT_REGISTERS = 4;
    private static final int WRITE_SINGLE_COIL = 5;
    private static final int WRITE_SINGLE_REGISTER = 6;
    private static final int WRITE_MULTIPLE_COILS = 15;
    private static final int WRITE_MULTIPLE_REGISTERS = 16;

    private final int unitId;
    private final DoorIoImage image;
    private final Map<Integer, Integer> injected = new ConcurrentHashMap<>();

    DoorIoProtocol(int unitId, DoorIoImage image) {
        this.unitId = unitId;
        this.image = image;
    }

    /** The next request with function code {@code fc} is answered with exception {@code code}. */
    void injectException(int fc, int code) {
        injected.put(fc, code);
    }

    @Override
    public byte[] handle(int unit, byte[] pdu) {
        if (unit != unitId) {
            return null;
        }
        int fc = pdu[0] & 0xFF;
        Integer forced = injected.remove(fc);
        if (forced != null) {
            return exception(fc, forced);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(pdu, 1, pdu.length - 1);
            return switch (fc) {
                case READ_COILS -> readBits(fc, in, false);
                case READ_DISCRETE_INPUTS -> readBits(fc, in, true);
                case READ_HOLDING_REGISTERS -> readRegisters(fc, in, true);
                case READ_INPUT_REGISTERS -> readRegisters(fc, in, false);
                case WRITE_SINGLE_COIL -> writeSingleCoil(pdu, in);
                case WRITE_SINGLE_REGISTER -> writeSingleRegister(pdu, in);
                case WRITE_MULTIPLE_COILS -> writeMultipleCoils(fc, in);
                case WRITE_MULTIPLE_REGISTERS -> writeMultipleRegisters(fc, in);
                default -> throw new ModbusError(ILLEGAL_FUNCTION);
            };
        } catch (ModbusError e) {
            return exception(fc, e.code());
        }
    }

    private byte[] readBits(int fc, ByteBuffer in, boolean inputs) throws ModbusError {
        requireLength(in, 4);
        int first = in.getShort() & 0xFFFF;
        int count = in.getShort() & 0xFFFF;
        require(count >= 1 && count <= 2000, ILLEGAL_DATA_VALUE);
        require(first + count <= DoorIoImage.CHANNELS, ILLEGAL_DATA_ADDRESS);
        image.requestReceived();
        boolean[] bits = inputs ? image.inputs(first, count) : image.coils(first, count);
        byte[] packed = pack(bits);
        ByteBuffer out = ByteBuffer.allocate(2 + packed.length).put((byte) fc).put((byte) packed.length).put(packed);
        return out.array();
    }

    private byte[] readRegisters(int fc, ByteBuffer in, boolean holding) throws ModbusError {
        requireLength(in, 4);
        int first = in.getShort() & 0xFFFF;
        int count = in.getShort() & 0xFFFF;
        require(count >= 1 && count <= 125, ILLEGAL_DATA_VALUE);
        for (int a = first; a < first + count; a++) {
            require(holding ? DoorIoImage.isHoldingRegister(a) : a < DoorIoImage.INPUT_REGISTERS, ILLEGAL_DATA_ADDRESS);
        }
        image.requestReceived();
        int[] values = holding ? image.holdingRegisters(first, count) : image.inputRegisters(first, count);
        ByteBuffer out = ByteBuffer.allocate(2 + 2 * count).put((byte) fc).put((byte) (2 * count));
        for (int v : values) {
            out.putShort((short) v);
        }
        return out.array();
    }

    private byte[] writeSingleCoil(byte[] pdu, ByteBuffer in) throws ModbusError {
        requireLength(in, 4);
        int address = in.getShort() & 0xFFFF;
        int value = in.getShort() & 0xFFFF;
        require(value == 0xFF00 || value == 0x0000, ILLEGAL_DATA_VALUE);
        require(address < DoorIoImage.CHANNELS, ILLEGAL_DATA_ADDRESS);
        image.requestReceived();
        image.writeCoils(address, new boolean[] {value == 0xFF00});
        return pdu.clone();
    }

    private byte[] writeSingleRegister(byte[] pdu, ByteBuffer in) throws ModbusError {
        requireLength(in, 4);
        int address = in.getShort() & 0xFFFF;
        int value = in.getShort() & 0xFFFF;
        require(DoorIoImage.isHoldingRegister(address), ILLEGAL_DATA_ADDRESS);
        require(DoorIoImage.isValidHoldingValue(address, value), ILLEGAL_DATA_VALUE);
        image.requestReceived();
        image.writeHoldingRegisters(address, new int[] {value});
        return pdu.clone();
    }

    private byte[] writeMultipleCoils(int fc, ByteBuffer in) throws ModbusError {
        requireLength(in, 5);
        int first = in.getShort() & 0xFFFF;
        int count = in.getShort() & 0xFFFF;
        int byteCount = in.get() & 0xFF;
        require(count >= 1 && count <= 1968 && byteCount == (count + 7) / 8, ILLEGAL_DATA_VALUE);
        requireLength(in, byteCount);
        require(first + count <= DoorIoImage.CHANNELS, ILLEGAL_DATA_ADDRESS);
        boolean[] values = new boolean[count];
        for (int i = 0; i < count; i++) {
            values[i] = (in.get(in.position() + i / 8) >>> (i % 8) & 1) == 1;
        }
        image.requestReceived();
        image.writeCoils(first, values);
        return echoQuantity(fc, first, count);
    }

    private byte[] writeMultipleRegisters(int fc, ByteBuffer in) throws ModbusError {
        requireLength(in, 5);
        int first = in.getShort() & 0xFFFF;
        int count = in.getShort() & 0xFFFF;
        int byteCount = in.get() & 0xFF;
        require(count >= 1 && count <= 123 && byteCount == 2 * count, ILLEGAL_DATA_VALUE);
        requireLength(in, byteCount);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            require(DoorIoImage.isHoldingRegister(first + i), ILLEGAL_DATA_ADDRESS);
        }
        for (int i = 0; i < count; i++) {
            values[i] = in.getShort() & 0xFFFF;
            require(DoorIoImage.isValidHoldingValue(first + i, values[i]), ILLEGAL_DATA_VALUE);
        }
        image.requestReceived();
        image.writeHoldingRegisters(first, values);
        return echoQuantity(fc, first, count);
    }

    private static byte[] echoQuantity(int fc, int first, int count) {
        return ByteBuffer.allocate(5).put((byte) fc).putShort((short) first).putShort((short) count).array();
    }

    private static byte[] pack(boolean[] bits) {
        byte[] out = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                out[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return out;
    }

    private static byte[] exception(int fc, int code) {
        return new byte[] {(byte) (fc | 0x80), (byte) code};
    }

    /** A PDU too short for its function code is an illegal data value, as for a bad byte count. */
    private static void requireLength(ByteBuffer in, int bytes) throws ModbusError {
        require(in.remaining() >= bytes, ILLEGAL_DATA_VALUE);
    }

    private static void require(boolean ok, int code) throws ModbusError {
        if (!ok) {
            throw new ModbusError(code);
        }
    }
}
