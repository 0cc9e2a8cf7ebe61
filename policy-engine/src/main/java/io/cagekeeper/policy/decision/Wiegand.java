package io.cagekeeper.policy.decision;

import io.cagekeeper.policy.model.CardFormat;
import io.cagekeeper.policy.model.CardNumber;

/**
 * Decodes raw Wiegand frames as readers send them ({@code raw}: hex, most significant bit first,
 * left-padded with zero bits to whole bytes) and checks their parity. A frame that fails any check
 * decodes to {@link CardRead.Unreadable}: a misread must never be mistaken for another person's card.
 *
 * <p>Bit layouts follow HID's published formats: H10301 (26 bits), Corporate 1000 (35 bits) and
 * H10302 (37 bits). {@link #encode} is the inverse, used by the reader simulator and tests.
 */
public final class Wiegand {

    private Wiegand() {
    }

    /** Decodes a frame of {@code bits} bits given as hex. Never throws on bad input. */
    public static CardRead decode(String hex, int bits) {
        if (hex == null) {
            return new CardRead.Unreadable("no frame");
        }
        if (bits != 26 && bits != 35 && bits != 37) {
            return new CardRead.Unreadable("unsupported frame length " + bits);
        }
        int bytes = (bits + 7) / 8;
        if (hex.length() != bytes * 2) {
            return new CardRead.Unreadable("frame of " + bits + " bits needs " + bytes * 2 + " hex digits");
        }
        long v = 0;
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                return new CardRead.Unreadable("frame is not hex");
            }
            v = (v << 4) | d;
        }
        if ((v >>> bits) != 0) {
            return new CardRead.Unreadable("padding bits are not zero");
        }
        return switch (bits) {
            case 26 -> decode26(v);
            case 35 -> decode35(v);
            default -> decode37(v);
        };
    }

    /** The frame of a card as a reader would send it, with correct parity. */
    public static String encode(CardNumber card) {
        long v = switch (card.format()) {
            case H10301 -> encode26(card.facility(), card.number());
            case C1000 -> encode35(card.facility(), card.number());
            case H10302 -> encode37(card.number());
        };
        int bits = bitsOf(card.format());
        return String.format("%0" + ((bits + 7) / 8 * 2) + "X", v);
    }

    public static int bitsOf(CardFormat format) {
        return switch (format) {
            case H10301 -> 26;
            case C1000 -> 35;
            case H10302 -> 37;
        };
    }

    // --- 26-bit H10301: P | FC(8) | CN(16) | P; leading even parity over the next 12 bits,
    // trailing odd parity over the 12 bits before it.
    private static CardRead decode26(long v) {
        boolean ok = bit(v, 25) == even(v >>> 13 & 0xFFF) && bit(v, 0) == odd(v >>> 1 & 0xFFF);
        if (!ok) {
            return new CardRead.Unreadable("parity error in 26-bit frame");
        }
        return new CardRead.Decoded(CardNumber.h10301((int) (v >>> 17 & 0xFF), v >>> 1 & 0xFFFF));
    }

    private static long encode26(int fc, long cn) {
        long v = ((long) (fc & 0xFF) << 17) | ((cn & 0xFFFF) << 1);
        v |= odd(v >>> 1 & 0xFFF);
        v |= even(v >>> 13 & 0xFFF) << 25;
        return v;
    }

    // --- 35-bit Corporate 1000: P1 | P2 | CO(12) | CN(20) | P3. P2 (bit 33) is even parity over a
    // 2-of-3 pattern, P3 (bit 0) odd parity over the complementary pattern, P1 (bit 34) odd parity
    // over all other bits.
    private static final long MASK_P2 = 0x1_B6DB6DB6L;   // bit 32 and bot & 0xB6DB6DB6
    private static final long MASK_P3 = 0x3_6DB6DB6CL;   // bits 32,33 and bot & 0x6DB6DB6C
    private static final long MASK_P1 = 0x3_FFFFFFFFL;   // bits 0..33

    private static CardRead decode35(long v) {
        boolean ok = bit(v, 33) == even(v & MASK_P2)
                && bit(v, 0) == odd(v & MASK_P3)
                && bit(v, 34) == odd(v & MASK_P1);
        if (!ok) {
            return new CardRead.Unreadable("parity error in 35-bit frame");
        }
        return new CardRead.Decoded(CardNumber.c1000((int) (v >>> 21 & 0xFFF), v >>> 1 & 0xFFFFF));
    }

    private static long encode35(int company, long cn) {
        long v = ((long) (company & 0xFFF) << 21) | ((cn & 0xFFFFF) << 1);
        v |= even(v & MASK_P2) << 33;
        v |= odd(v & MASK_P3);
        v |= odd(v & MASK_P1) << 34;
        return v;
    }

    // --- 37-bit H10302: P | CN(35) | P; leading even parity over the first 18 data positions,
    // trailing odd parity over the last 18 (they share the middle bit).
    private static CardRead decode37(long v) {
        boolean ok = bit(v, 36) == even(v >>> 18 & 0x3FFFF) && bit(v, 0) == odd(v >>> 1 & 0x3FFFF);
        if (!ok) {
            return new CardRead.Unreadable("parity error in 37-bit frame");
        }
        return new CardRead.Decoded(new CardNumber(CardFormat.H10302, 0, v >>> 1 & 0x7_FFFF_FFFFL));
    }

    private static long encode37(long cn) {
        long v = (cn & 0x7_FFFF_FFFFL) << 1;
        v |= even(v >>> 18 & 0x3FFFF) << 36;
        v |= odd(v >>> 1 & 0x3FFFF);
        return v;
    }

    private static long bit(long v, int n) {
        return v >>> n & 1;
    }

    /** The bit that makes the count of ones even. */
    private static long even(long x) {
        return Long.bitCount(x) & 1;
    }

    /** The bit that makes the count of ones odd. */
    private static long odd(long x) {
        return even(x) ^ 1;
    }
}
