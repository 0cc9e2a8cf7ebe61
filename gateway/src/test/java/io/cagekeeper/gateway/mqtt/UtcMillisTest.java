package io.cagekeeper.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcMillisTest {

    @Test
    void readsTheDatasheetExample() {
        assertThat(UtcMillis.parse("2026-11-25T10:15:30.123Z")).isEqualTo(Instant.parse("2026-11-25T10:15:30.123Z"));
    }

    @Test
    void refusesDatesThatDoNotExist() {
        assertThat(UtcMillis.parse("2026-02-29T00:00:00.000Z")).isNull();
        assertThat(UtcMillis.parse("2026-13-01T00:00:00.000Z")).isNull();
        assertThat(UtcMillis.parse("2026-11-25T10:60:00.000Z")).isNull();
        assertThat(UtcMillis.parse("2028-02-29T00:00:00.000Z")).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void refusesAnythingButTheExactShape() {
        assertThat(UtcMillis.wellFormed("2026-11-25T10:15:30.123Z")).isTrue();
        assertThat(UtcMillis.wellFormed("2026-11-25T10:15:30Z")).isFalse();
        assertThat(UtcMillis.wellFormed("2026-11-25T10:15:30.123+00:00")).isFalse();
        assertThat(UtcMillis.wellFormed("2026-11-25t10:15:30.123Z")).isFalse();
        assertThat(UtcMillis.wellFormed("2026-11-25T10:15:30.12３Z")).isFalse();
        assertThat(UtcMillis.wellFormed("+026-11-25T10:15:30.123Z")).isFalse();
        assertThat(UtcMillis.wellFormed("")).isFalse();
    }

    /** Every digit combination of the shape, judged as the JDK's ISO parser judges it (incl. 24:00 and :60). */
    @Test
    void agreesWithTheJdkParserOnEveryStringOfTheShape() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 300_000; n++) {
            String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", random.nextInt(10_000), random.nextInt(15),
                    random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62), random.nextInt(1_000));
            assertThat(UtcMillis.wellFormed(s)).isTrue();
            assertThat(UtcMillis.parse(s)).as(s).isEqualTo(jdk(s));
        }
        for (String edge : new String[] {"2026-11-25T24:00:00.000Z", "2026-12-31T23:59:60.000Z", "2026-11-25T24:00:01.000Z",
                "2026-11-25T10:15:60.000Z", "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"}) {
            assertThat(UtcMillis.parse(edge)).as(edge).isEqualTo(jdk(edge));
        }
    }

    private static Instant jdk(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    @Test
    void refusesTheCharactersNextToTheDigitsAndEveryMisplacedSeparator() {
        String good = "2026-11-25T10:15:30.123Z";
        for (int i = 0; i < good.length(); i++) {
            char c = good.charAt(i);
            if (Character.isDigit(c)) {
                assertThat(UtcMillis.wellFormed(good.substring(0, i) + '/' + good.substring(i + 1))).as("'/' at %d", i).isFalse();
                assertThat(UtcMillis.wellFormed(good.substring(0, i) + ':' + good.substring(i + 1))).as("':' at %d", i).isFalse();
                assertThat(UtcMillis.wellFormed(good.substring(0, i) + '0' + good.substring(i + 1))).isTrue();
                assertThat(UtcMillis.wellFormed(good.substring(0, i) + '9' + good.substring(i + 1))).isTrue();
            } else {
                assertThat(UtcMillis.wellFormed(good.substring(0, i) + '1' + good.substring(i + 1))).as("a digit at %d", i).isFalse();
            }
        }
        assertThat(UtcMillis.wellFormed(good + " ")).isFalse();
        assertThat(UtcMillis.wellFormed(good.substring(1))).isFalse();
    }

    @Test
    void readsEveryFieldIntoTheInstant() {
        assertThat(UtcMillis.parse("1999-12-31T23:59:59.999Z")).isEqualTo(Instant.parse("1999-12-31T23:59:59.999Z"));
        assertThat(UtcMillis.parse("2026-01-01T00:00:00.001Z")).isEqualTo(Instant.parse("2026-01-01T00:00:00.001Z"));
        assertThat(UtcMillis.parse("2026-11-25T10:59:00.000Z")).isEqualTo(Instant.parse("2026-11-25T10:59:00Z"));
        assertThat(UtcMillis.parse("2026-11-00T10:00:00.000Z")).isNull();
        assertThat(UtcMillis.parse("2026-00-10T10:00:00.000Z")).isNull();
        assertThat(UtcMillis.parse("2026-12-32T10:00:00.000Z")).isNull();
    }
}
