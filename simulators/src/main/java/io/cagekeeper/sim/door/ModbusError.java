package io.cagekeeper.sim.door;

/** A request the module answers with a Modbus exception response instead of a normal one. */
final class ModbusError extends Exception {

    static final int ILLEGAL_FUNCTION = 0x01;
    static final int ILLEGAL_DATA_ADDRESS = 0x02;
    static final int ILLEGAL_DATA_VALUE = 0x03;

    private final int code;

    ModbusError(int code) {
        super("Modbus exception " + code, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
