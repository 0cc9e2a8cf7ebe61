package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The site clock gives the zone's own offset for every instant, whatever lookups came before it
 * (its cached period must never answer for an instant outside that period): at the second a DST
 * change starts, the second before it, before 1970 and after 2200 (outside the precomputed table),
 * and in zones without any change.
 */
class SiteClockTest {

    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
        "America/St_Johns", "Pacific/Apia", "UTC", "Africa/Casablanca"};

    private static int offsetOf(ZoneId zone, long epochSecond) {
        return zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }

    /** Lookups in random order (forward, backward, near transitions, far outside 1970-2200) on one clock. */
    @Property(tries = 200)
    void everyLookupOnOneClockGivesTheZonesOffsetWhateverCameBefore(@ForAll @IntRange(min = 0, max = 7) int zoneIndex,
                                                                    @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed) {
        ZoneId zone = ZoneId.of(ZONES[zoneIndex]);
        SiteClock clock = new SiteClock(zone);
        List<Long> changes = transitions(zone.getRules(), Instant.parse("1965-01-01T00:00:00Z"), Instant.parse("2210-01-01T00:00:00Z"));
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 60; i++) {
            long s = switch (rnd.nextInt(4)) {
                case 0 -> changes.isEmpty() ? 0 : changes.get(rnd.nextInt(changes.size())) + rnd.nextInt(5) - 2;
                case 1 -> rnd.nextLong(-400_000_000L, 7_600_000_000L);   // 1957 .. 2210
                case 2 -> rnd.nextLong(1_700_000_000L, 1_900_000_000L);  // the years that matter
                default -> rnd.nextBoolean() ? rnd.nextLong(-5, 5) : 7_258_118_400L + rnd.nextLong(-5, 5);   // the table's ends
            };
            assertThat(clock.offsetSeconds(s)).as("%s at %s after %d lookups", zone, Instant.ofEpochSecond(s), i)
                    .isEqualTo(offsetOf(zone, s));
        }
    }

    @Test
    void theSecondADstChangeStartsHasTheNewOffsetRightAfterALookupBeforeIt() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SiteClock clock = new SiteClock(berlin);
        long spring = Instant.parse("2026-03-29T01:00:00Z").getEpochSecond();
        assertThat(clock.offsetSeconds(spring - 1)).isEqualTo(3600);
        assertThat(clock.offsetSeconds(spring)).isEqualTo(7200);
        assertThat(clock.offsetSeconds(spring - 1)).as("and back").isEqualTo(3600);
        long autumn = Instant.parse("2026-10-25T01:00:00Z").getEpochSecond();
        assertThat(clock.offsetSeconds(autumn - 1)).isEqualTo(7200);
        assertThat(clock.offsetSeconds(autumn)).isEqualTo(3600);
    }

    @Test
    void theSecondADstChangeStartsHasTheNewOffsetOnAFreshClock() {
        SiteClock clock = new SiteClock(ZoneId.of("Europe/Berlin"));
        assertThat(clock.offsetSeconds(Instant.parse("2026-03-29T01:00:00Z").getEpochSecond())).isEqualTo(7200);
        SiteClock other = new SiteClock(ZoneId.of("Europe/Berlin"));
        assertThat(other.offsetSeconds(Instant.parse("2026-03-29T00:59:59Z").getEpochSecond())).isEqualTo(3600);
    }

    @Test
    void aLookupEarlierOrLaterThanTheLastPeriodIsNotAnsweredFromIt() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SiteClock clock = new SiteClock(berlin);
        long summer2026 = Instant.parse("2026-07-01T12:00:00Z").getEpochSecond();
        long winter2025 = Instant.parse("2025-01-15T12:00:00Z").getEpochSecond();
        long winter2027 = Instant.parse("2027-01-15T12:00:00Z").getEpochSecond();
        long year1975 = Instant.parse("1975-07-01T12:00:00Z").getEpochSecond();   // before Berlin's first change after 1970
        assertThat(clock.offsetSeconds(summer2026)).isEqualTo(7200);
        assertThat(clock.offsetSeconds(winter2025)).isEqualTo(3600);
        assertThat(clock.offsetSeconds(summer2026)).isEqualTo(7200);
        assertThat(clock.offsetSeconds(winter2027)).isEqualTo(3600);
        assertThat(clock.offsetSeconds(year1975)).isEqualTo(3600);
        assertThat(clock.offsetSeconds(summer2026)).isEqualTo(7200);
        assertThat(clock.offsetSeconds(year1975)).isEqualTo(3600);
    }

    @Test
    void theLastPeriodBefore2200RunsToTheEndOfTheTableAndNoFurther() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SiteClock clock = new SiteClock(berlin);
        long lastWinter = Instant.parse("2199-12-31T23:59:59Z").getEpochSecond();
        long summer2200 = Instant.parse("2200-07-01T12:00:00Z").getEpochSecond();
        long summer2199 = Instant.parse("2199-07-01T12:00:00Z").getEpochSecond();
        assertThat(clock.offsetSeconds(lastWinter)).isEqualTo(3600);
        assertThat(clock.offsetSeconds(summer2200)).as("after the table: the zone's rules").isEqualTo(7200);
        assertThat(clock.offsetSeconds(lastWinter)).isEqualTo(3600);
        assertThat(clock.offsetSeconds(summer2199)).isEqualTo(7200);
        assertThat(clock.offsetSeconds(7_258_118_400L)).isEqualTo(3600);
    }

    @Test
    void offsetsBefore1970FollowTheZonesHistory() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SiteClock clock = new SiteClock(berlin);
        long summer1947 = Instant.parse("1947-06-01T12:00:00Z").getEpochSecond();   // double summer time, +03:00
        long summer1949 = Instant.parse("1949-06-01T12:00:00Z").getEpochSecond();   // summer time, +02:00
        assertThat(clock.offsetSeconds(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond())).isEqualTo(3600);
        assertThat(clock.offsetSeconds(summer1947)).isEqualTo(offsetOf(berlin, summer1947)).isEqualTo(10_800);
        assertThat(clock.offsetSeconds(summer1949)).isEqualTo(7200);
        assertThat(clock.offsetSeconds(-1)).isEqualTo(3600);
        assertThat(clock.offsetSeconds(0)).isEqualTo(3600);
    }

    @Test
    void aZoneWithoutChangesHasOneOffsetEverywhere() {
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneOffset.ofHoursMinutes(5, 30), ZoneId.of("Asia/Tokyo"))) {
            SiteClock clock = new SiteClock(zone);
            int expected = offsetOf(zone, 1_800_000_000L);
            for (long s : new long[] {1_800_000_000L, 0, 5_000_000_000L, 1_700_000_000L, 7_258_118_399L, 7_258_118_400L}) {
                assertThat(clock.offsetSeconds(s)).as("%s at %d", zone, s).isEqualTo(expected);
            }
        }
    }

    @Test
    void localSecondsAreTheInstantOnTheSitesWallClock() {
        SiteClock clock = new SiteClock(ZoneId.of("Europe/Berlin"));
        Instant summer = Instant.parse("2026-07-01T08:00:00.250Z");
        assertThat(clock.localSeconds(summer)).isEqualTo(Instant.parse("2026-07-01T10:00:00Z").getEpochSecond());
        Instant winter = Instant.parse("2026-01-01T08:00:00Z");
        assertThat(clock.localSeconds(winter)).isEqualTo(Instant.parse("2026-01-01T09:00:00Z").getEpochSecond());
        SiteClock newYork = new SiteClock(ZoneId.of("America/New_York"));
        assertThat(newYork.localSeconds(winter)).isEqualTo(Instant.parse("2026-01-01T03:00:00Z").getEpochSecond());
    }

    private static List<Long> transitions(ZoneRules rules, Instant from, Instant until) {
        List<Long> out = new ArrayList<>();
        ZoneOffsetTransition t = rules.nextTransition(from);
        while (t != null && t.getInstant().isBefore(until)) {
            out.add(t.toEpochSecond());
            t = rules.nextTransition(t.getInstant());
        }
        return out;
    }
}
