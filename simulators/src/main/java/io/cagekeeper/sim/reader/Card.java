package io.cagekeeper.sim.reader;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A credential as the reader reports it: either decoded ({@code format} H10301 or C1000, with
 * {@code facility} holding the facility code or the company id) or a raw Wiegand frame ({@code format}
 * null, {@code raw} hex, {@code bits} 26, 35 or 37). A raw frame need not have correct parity: a misread
 * is exactly what a gateway test needs to send. {@code bio} is the optional fingerprint/face result the
 * reader sends alongside the card.
 *
 * <p>Card numbers are not secrets; PINs never live here.
 */
public record Card(String format, int facility, long number, String raw, int bits, Bio bio) {

    public static final String H10301 = "H10301";
    public static final String C1000 = "C1000";

    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");

    /** A biometric match result: {@code {"match":true,"template":"id"}}. */
    public record Bio(boolean match, String template) {
        public Bio {
            Objects.requireNonNull(template, "template");
        }
    }

    public Card {
        if (format == null) {
            Objects.requireNonNull(raw, "raw");
            if (bits != 26 && bits != 35 && bits != 37) {
                throw new IllegalArgumentException("a raw frame has 26, 35 or 37 bits, not " + bits);
            }
            if (!HEX.matcher(raw).matches() || raw.length() != (bits + 7) / 8 * 2) {
                throw new IllegalArgumentException("a " + bits + "-bit frame is " + (bits + 7) / 8 * 2 + " hex digits");
            }
        } else if (format.equals(H10301)) {
            check(facility, 255, "facility");
            check(number, 65535, "number");
        } else if (format.equals(C1000)) {
            check(facility, 4095, "company");
            check(number, 1_048_575, "number");
        } else {
            throw new IllegalArgumentException("decoded formats are H10301 and C1000, not " + format);
        }
    }

    /** A 26-bit HID H10301 card, reported decoded. */
    public static Card h10301(int facility, int number) {
        return new Card(H10301, facility, number, null, 0, null);
    }

    /** A 35-bit HID Corporate 1000 card, reported decoded. */
    public static Card c1000(int company, int number) {
        return new Card(C1000, company, number, null, 0, null);
    }

    /** A 37-bit HID H10302 card: the datasheet has no decoded form for it, so it is reported raw. */
    public static Card h10302(long number) {
        if (number < 0 || number > 0x7_FFFF_FFFFL) {
            throw new IllegalArgumentException("an H10302 number is 35 bits");
        }
        return raw(WiegandFrames.hex(WiegandFrames.h10302(number), 37), 37);
    }

    /** A raw frame exactly as given (hex, most significant bit first, padded to whole bytes). */
    public static Card raw(String hex, int bits) {
        return new Card(null, 0, 0, hex.toUpperCase(Locale.ROOT), bits, null);
    }

    /** The raw frame, with correct parity, that the reader's front end saw for a decoded card. */
    public static Card rawOf(Card decoded) {
        if (decoded.isRaw()) {
            return decoded;
        }
        Card raw = decoded.format.equals(H10301)
                ? raw(WiegandFrames.hex(WiegandFrames.h10301(decoded.facility, (int) decoded.number), 26), 26)
                : raw(WiegandFrames.hex(WiegandFrames.c1000(decoded.facility, (int) decoded.number), 35), 35);
        return decoded.bio == null ? raw : raw.withBio(decoded.bio.match(), decoded.bio.template());
    }

    /** This card presented together with a biometric result. */
    public Card withBio(boolean match, String template) {
        return new Card(format, facility, number, raw, bits, new Bio(match, template));
    }

    /** A misread of this card: its raw frame with one bit flipped (0 = least significant), so parity fails. */
    public Card withBitFlipped(int bit) {
        Card r = rawOf(this);
        if (bit < 0 || bit >= r.bits) {
            throw new IllegalArgumentException("bit " + bit + " is outside a " + r.bits + "-bit frame");
        }
        long frame = Long.parseLong(r.raw, 16) ^ (1L << bit);
        return new Card(null, 0, 0, WiegandFrames.hex(frame, r.bits), r.bits, r.bio);
    }

    public boolean isRaw() {
        return format == null;
    }

    /** The {@code card} member of a Credential. */
    String toJson() {
        if (isRaw()) {
            return "{\"raw\":\"" + raw + "\",\"bits\":" + bits + "}";
        }
        String idName = format.equals(H10301) ? "facility" : "company";
        return "{\"format\":\"" + format + "\",\"" + idName + "\":" + facility + ",\"number\":" + number + "}";
    }

    private static void check(long value, long max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 0-" + max + ", was " + value);
        }
    }
}
