package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    private static final String NUL = String.valueOf((char) 0);
    private static final String HIGH = String.valueOf((char) 0xD800);
    private static final String LOW = String.valueOf((char) 0xDC00);

    @Test
    void findsANulAndEitherHalfOfASurrogatePairAloneButAcceptsAWholePair() {
        assertThat(StorableText.problem("x" + NUL + "y")).isEqualTo("contains a NUL character");
        assertThat(StorableText.problem("x" + HIGH)).isEqualTo("contains a lone surrogate");
        assertThat(StorableText.problem(HIGH + "x")).isEqualTo("contains a lone surrogate");
        assertThat(StorableText.problem("x" + LOW)).isEqualTo("contains a lone surrogate");
        assertThat(StorableText.problem(LOW + HIGH)).isEqualTo("contains a lone surrogate");
        assertThat(StorableText.problem("door \uD83D\uDEAA Grüße")).isNull();
        assertThat(StorableText.problem(null)).isNull();
    }

    @Test
    void escapesOnlyLoneSurrogatesSoJsonStaysValidAndMeansTheSame() {
        assertThat(StorableText.escapeLoneSurrogates("{\"a\":\"x" + HIGH + "\uD83D\uDEAA\"}"))
                .isEqualTo("{\"a\":\"x\\ud800\uD83D\uDEAA\"}");
        String plain = "{\"a\":\"b\"}";
        assertThat(StorableText.escapeLoneSurrogates(plain)).isSameAs(plain);
    }

    @Test
    void sanitizingReplacesWhatCannotBeStoredAndCutsWithoutSplittingAPair() {
        assertThat(StorableText.sanitized("a" + NUL + "b" + HIGH, 10)).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(StorableText.sanitized("ab\uD83D\uDEAA", 3)).isEqualTo("ab");
        assertThat(StorableText.storable(StorableText.sanitized(LOW + NUL + HIGH, 100))).isTrue();
    }
}
