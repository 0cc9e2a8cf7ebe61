package io.cagekeeper.reconciliation.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written fast path agrees with java.time on every value, and refuses what java.time refuses. */
class IsoTimesTest {

    private static final Times.Parser ISO = new Times.Parser("iso", ZoneOffset.UTC);

    private static long reference(String s) {
        return Times.micros(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(s, Instant::from));
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsOffsetsAndPrecisions() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long seconds = r.nextLong(-2_000_000_000L, 8_000_000_000L);
            int micros = r.nextInt(1_000_000);
            int offset = (r.nextInt(-18 * 4, 18 * 4 + 1)) * 15 * 60;
            OffsetDateTime t = Instant.ofEpochSecond(seconds, micros * 1000L).atOffset(ZoneOffset.ofTotalSeconds(offset));
            String text = t.toString();
            assertThat(IsoTimes.parse(text) == Long.MIN_VALUE ? reference(text) : IsoTimes.parse(text))
                    .as(text).isEqualTo(reference(text));
            assertThat(ISO.parse(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void takesTheCommonFormsItselfAndLeavesTheRestToJavaTime() {
        assertThat(IsoTimes.parse("2026-03-29T01:00:00Z")).isEqualTo(reference("2026-03-29T01:00:00Z"));
        assertThat(IsoTimes.parse("2024-02-29T23:59:59.999999+01:00")).isEqualTo(reference("2024-02-29T23:59:59.999999+01:00"));
        assertThat(IsoTimes.parse("2026-03-29T01:00:00.5-05:30")).isEqualTo(reference("2026-03-29T01:00:00.5-05:30"));
        assertThat(IsoTimes.parse("2026-03-29T01:00Z")).isEqualTo(Long.MIN_VALUE);
        assertThat(ISO.parse("2026-03-29T01:00Z")).isEqualTo(reference("2026-03-29T01:00Z"));
        assertThat(IsoTimes.parse("2026-03-29T01:00:00.123456789Z")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void refusesImpossibleDatesAndTimesLikeJavaTime() {
        for (String bad : new String[] {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00+19:00",
            "2026-01-01 00:00:00Z", "x026-01-01T00:00:00Z"}) {
            assertThat(IsoTimes.parse(bad)).as(bad).isEqualTo(Long.MIN_VALUE);
            assertThatThrownBy(() -> ISO.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
