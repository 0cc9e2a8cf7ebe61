package io.cagekeeper.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.model.CardFormat;
import io.cagekeeper.policy.model.CardNumber;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class WiegandTest {

    @Test
    void decodesAKnownH10301Frame() {
        // FC 18, card 40211: 0 00010010 1001110100010011 x; leading even parity over 12 bits, trailing odd.
        String frame = Wiegand.encode(CardNumber.h10301(18, 40211));
        assertThat(frame).hasSize(8);
        assertThat(Wiegand.decode(frame, 26)).isEqualTo(new CardRead.Decoded(CardNumber.h10301(18, 40211)));
    }

    @Property
    void h10301RoundTripsEveryFacilityAndNumber(@ForAll @IntRange(max = 255) int fc, @ForAll @LongRange(max = 65535) long cn) {
        CardNumber card = CardNumber.h10301(fc, cn);
        assertThat(Wiegand.decode(Wiegand.encode(card), 26)).isEqualTo(new CardRead.Decoded(card));
    }

    @Property
    void corporate1000RoundTripsEveryCompanyAndNumber(@ForAll @IntRange(max = 4095) int co, @ForAll @LongRange(max = 1_048_575) long cn) {
        CardNumber card = CardNumber.c1000(co, cn);
        assertThat(Wiegand.decode(Wiegand.encode(card), 35)).isEqualTo(new CardRead.Decoded(card));
    }

    @Property
    void anySingleFlippedBitOfA26BitFrameIsUnreadable(@ForAll @IntRange(max = 255) int fc,
                                                      @ForAll @LongRange(max = 65535) long cn,
                                                      @ForAll @IntRange(max = 25) int bit) {
        long v = Long.parseLong(Wiegand.encode(CardNumber.h10301(fc, cn)), 16) ^ (1L << bit);
        assertThat(Wiegand.decode(String.format("%08X", v), 26)).isInstanceOf(CardRead.Unreadable.class);
    }

    @Property
    void anySingleFlippedBitOfA35BitFrameIsUnreadable(@ForAll @IntRange(max = 4095) int co,
                                                      @ForAll @LongRange(max = 1_048_575) long cn,
                                                      @ForAll @IntRange(max = 34) int bit) {
        long v = Long.parseLong(Wiegand.encode(CardNumber.c1000(co, cn)), 16) ^ (1L << bit);
        assertThat(Wiegand.decode(String.format("%010X", v), 35)).isInstanceOf(CardRead.Unreadable.class);
    }

    @Test
    void decodesAKnownH10302Frame() {
        // Card 123456789 (35 bits); leading even parity over bits 18..35, trailing odd over bits 1..18.
        CardNumber card = new CardNumber(CardFormat.H10302, 0, 123_456_789L);
        String frame = Wiegand.encode(card);
        assertThat(frame).isEqualTo("100EB79A2B");
        assertThat(Wiegand.decode(frame, 37)).isEqualTo(new CardRead.Decoded(card));
    }

    @Property
    void h10302RoundTripsEveryNumber(@ForAll @LongRange(max = 0x7_FFFF_FFFFL) long cn) {
        CardNumber card = new CardNumber(CardFormat.H10302, 0, cn);
        assertThat(Wiegand.decode(Wiegand.encode(card), 37)).isEqualTo(new CardRead.Decoded(card));
    }

    @Property
    void anySingleFlippedBitOfA37BitFrameIsUnreadable(@ForAll @LongRange(max = 0x7_FFFF_FFFFL) long cn,
                                                      @ForAll @IntRange(max = 36) int bit) {
        long v = Long.parseLong(Wiegand.encode(new CardNumber(CardFormat.H10302, 0, cn)), 16) ^ (1L << bit);
        assertThat(Wiegand.decode(String.format("%010X", v), 37)).isInstanceOf(CardRead.Unreadable.class);
    }

    @Test
    void namesWhyAFrameIsUnreadable() {
        // The reason is logged and shown at the desk: it must say which check failed.
        assertThat(Wiegand.decode("00000000", 32)).isEqualTo(new CardRead.Unreadable("unsupported frame length 32"));
        assertThat(Wiegand.decode("0123", 26)).isEqualTo(new CardRead.Unreadable("frame of 26 bits needs 8 hex digits"));
        assertThat(Wiegand.decode("0123", 35)).isEqualTo(new CardRead.Unreadable("frame of 35 bits needs 10 hex digits"));
        assertThat(Wiegand.decode("0G000000", 26)).isEqualTo(new CardRead.Unreadable("frame is not hex"));
        assertThat(Wiegand.decode("FC000000", 26)).isEqualTo(new CardRead.Unreadable("padding bits are not zero"));
        assertThat(Wiegand.decode(null, 26)).isEqualTo(new CardRead.Unreadable("no frame"));
        for (int bits : new int[] {26, 35, 37}) {
            String zeros = "0".repeat((bits + 7) / 8 * 2);
            assertThat(Wiegand.decode(zeros, bits)).isEqualTo(new CardRead.Unreadable("parity error in " + bits + "-bit frame"));
        }
    }

    @Test
    void rejectsWrongLengthsNonHexAndDirtyPadding() {
        assertThat(Wiegand.decode("0123", 26)).isInstanceOf(CardRead.Unreadable.class);
        assertThat(Wiegand.decode("0G000000", 26)).isInstanceOf(CardRead.Unreadable.class);
        assertThat(Wiegand.decode("FC000000", 26)).isInstanceOf(CardRead.Unreadable.class);
        assertThat(Wiegand.decode("00000000", 32)).isInstanceOf(CardRead.Unreadable.class);
        assertThat(Wiegand.decode(null, 26)).isInstanceOf(CardRead.Unreadable.class);
    }

    @Test
    void deniesAParityErrorAsBadCardRead() {
        TestSite site = new TestSite();
        long good = Long.parseLong(Wiegand.encode(site.cardOf("alice")), 16);
        CardRead read = Wiegand.decode(String.format("%08X", good ^ 1), 26);
        Decision d = new PolicyEngine().decide(site.snapshot(), new AccessRequest("hall-in", read, null, null, Instant.now()));
        assertThat(d.result()).isEqualTo(Result.DENY);
        assertThat(d.reasons()).containsExactly(ReasonCode.BAD_CARD_READ);
        assertThat(d.decidedBy()).isEqualTo("rule:card-read");
        assertThat(d.sentence()).startsWith("Denied: unreadable card at Hall door (parity error");
    }
}
