package io.cagekeeper.sim.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CardTest {

    @Test
    void encodesAnH10301FrameLikeAPublishedExample() {
        // wiegand-encoder's README: facility 90, card 324 -> 00101101000000001010001000
        long expected = Long.parseLong("00101101000000001010001000", 2);
        assertThat(Card.rawOf(Card.h10301(90, 324))).isEqualTo(Card.raw(String.format("%08X", expected), 26));
    }

    @Test
    void encodesH10301ParityOverTheTwoHalves() {
        assertThat(Card.rawOf(Card.h10301(1, 1)).raw()).isEqualTo("02020002");
        assertThat(Card.rawOf(Card.h10301(0, 0)).raw()).isEqualTo("00000001");
    }

    @Test
    void encodesCorporate1000AsProxmarkPacksIt() {
        for (int[] cn : new int[][] {{0, 0}, {1, 1}, {4095, 1_048_575}, {2048, 5}, {1234, 567_890}, {77, 99_999}}) {
            String hex = Card.rawOf(Card.c1000(cn[0], cn[1])).raw();
            assertThat(Long.parseLong(hex, 16)).as("company %d card %d", cn[0], cn[1])
                    .isEqualTo(proxmarkC1k35s(cn[0], cn[1]));
            assertThat(hex).hasSize(10);
        }
    }

    @Test
    void encodesH10302WithEvenAndOddParityOverOverlappingHalves() {
        long number = 0x5_1234_5678L;
        long frame = Long.parseLong(Card.h10302(number).raw(), 16);
        assertThat(frame >>> 1 & 0x7_FFFF_FFFFL).isEqualTo(number);
        assertThat(Long.bitCount(frame >>> 18 & 0x7FFFF) % 2).as("bits 18..36 even").isZero();
        assertThat(Long.bitCount(frame & 0x7FFFF) % 2).as("bits 0..18 odd").isOne();
    }

    @Test
    void flipsOneBitToMakeAMisread() {
        Card misread = Card.h10301(18, 40211).withBitFlipped(0);
        assertThat(misread.raw()).isNotEqualTo(Card.rawOf(Card.h10301(18, 40211)).raw());
        assertThat(Long.parseLong(misread.raw(), 16) ^ Long.parseLong(Card.rawOf(Card.h10301(18, 40211)).raw(), 16))
                .isOne();
    }

    @Test
    void serialisesEachFormAsTheDatasheetShowsIt() {
        assertThat(Card.h10301(18, 40211).toJson()).isEqualTo("{\"format\":\"H10301\",\"facility\":18,\"number\":40211}");
        assertThat(Card.c1000(4095, 1_048_575).toJson())
                .isEqualTo("{\"format\":\"C1000\",\"company\":4095,\"number\":1048575}");
        assertThat(Card.raw("02020002", 26).toJson()).isEqualTo("{\"raw\":\"02020002\",\"bits\":26}");
    }

    @Test
    void refusesValuesOutsideTheirFormat() {
        assertThatThrownBy(() -> Card.h10301(256, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Card.h10301(1, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Card.c1000(4096, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Card.raw("0202", 26)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Card.raw("0202000G", 26)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Card.raw("02020002", 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheBiometricResultWhenEncodedRaw() {
        Card card = Card.h10301(1, 2).withBio(true, "tpl-7");
        assertThat(Card.rawOf(card).bio()).isEqualTo(new Card.Bio(true, "tpl-7"));
    }

    /** Proxmark3's Pack_C1k35s, transcribed with its 32-bit Mid/Bot words, as an independent oracle. */
    private static long proxmarkC1k35s(long fc, long cn) {
        long bot = (cn & 0xFFFFF) << 1 | (fc & 0x7FF) << 21;
        long mid = (fc & 0x800) >> 11;
        mid |= parity((mid & 1) ^ (bot & 0xB6DB6DB6L)) << 1;
        bot |= parity((mid & 3) ^ (bot & 0x6DB6DB6CL)) ^ 1;
        mid |= (parity((mid & 3) ^ (bot & 0xFFFFFFFFL)) ^ 1) << 2;
        return mid << 32 | bot & 0xFFFFFFFFL;
    }

    private static long parity(long x) {
        return Long.bitCount(x) & 1;
    }
}
