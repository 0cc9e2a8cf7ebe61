package io.cagekeeper.sim.reader;

/**
 * Encodes card numbers into raw Wiegand frames with HID's parity layouts, as a reader's front end sees
 * them. The simulators module must not depend on the gateway's modules (a simulator stands in for a
 * device), so this is the device side's own encoder; the gateway decodes independently, which is what
 * makes the simulator a test of the gateway's decoder.
 */
final class WiegandFrames {

    /** Corporate 1000 bit 33: even parity over this mask. */
    private static final long C1K_EVEN_MASK = 0x1_B6DB6DB6L;
    /** Corporate 1000 bit 0: odd parity over this mask. */
    private static final long C1K_ODD_MASK = 0x3_6DB6DB6CL;
    /** Corporate 1000 bit 34: odd parity over bits 0..33. */
    private static final long C1K_ALL_MASK = 0x3_FFFFFFFFL;

    private WiegandFrames() {
    }

    /** H10301, 26 bits: even parity, facility (8), number (16), odd parity. */
    static long h10301(int facility, int number) {
        long frame = (long) facility << 17 | (long) number << 1;
        frame |= parityBit(frame >>> 13 & 0xFFF, true) << 25;
        frame |= parityBit(frame >>> 1 & 0xFFF, false);
        return frame;
    }

    /** Corporate 1000, 35 bits: odd, even, company (12), number (20), odd (Proxmark3's layout). */
    static long c1000(int company, int number) {
        long frame = (long) company << 21 | (long) number << 1;
        frame |= parityBit(frame & C1K_EVEN_MASK, true) << 33;
        frame |= parityBit(frame & C1K_ODD_MASK, false);
        frame |= parityBit(frame & C1K_ALL_MASK, false) << 34;
        return frame;
    }

    /** H10302, 37 bits: even parity over bits 18..35, number (35), odd parity over bits 1..18. */
    static long h10302(long number) {
        long frame = number << 1;
        frame |= parityBit(frame >>> 18 & 0x3FFFF, true) << 36;
        frame |= parityBit(frame >>> 1 & 0x3FFFF, false);
        return frame;
    }

    /** Most significant bit first, left-padded with zero bits to whole bytes, upper-case hex. */
    static String hex(long frame, int bits) {
        int digits = (bits + 7) / 8 * 2;
        String h = Long.toHexString(frame).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /** The parity bit that makes the ones in {@code bits} plus itself even (or odd). */
    private static long parityBit(long bits, boolean even) {
        long ones = Long.bitCount(bits) & 1;
        return even ? ones : ones ^ 1;
    }
}
