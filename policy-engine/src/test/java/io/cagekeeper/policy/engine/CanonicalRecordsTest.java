package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cagekeeper.policy.TestSite;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.HolidayCalendar;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.ScheduleOverride;
import io.cagekeeper.policy.model.TimeRange;
import io.cagekeeper.policy.model.Zone;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The encoding behind the v3 content hash of the small parts: equal encodings only for equal values,
 * whatever text the names hold.
 */
class CanonicalRecordsTest {

    private static byte[] encode(Object v) {
        return new CanonicalRecords().value(v).bytes();
    }

    /** Names built from the characters a record's text is made of: the worst case for a rendering. */
    @Provide
    Arbitrary<List<Zone>> zones() {
        Arbitrary<String> text = Arbitraries.of("a", "b", ",", " ", "=", "[", "]", "\n", "Zone", "parentId", "name=")
                .list().ofMaxSize(5).map(parts -> String.join("", parts));
        Arbitrary<Zone> zone = net.jqwik.api.Combinators.combine(text, text, text.injectNull(0.3)).as(Zone::new);
        return zone.list().ofMaxSize(3);
    }

    @Property(tries = 3_000)
    void twoZoneListsEncodeAlikeOnlyWhenTheyAreEqual(@ForAll("zones") List<Zone> a, @ForAll("zones") List<Zone> b) {
        assertThat(Arrays.equals(encode(a), encode(b))).as("%s vs %s", a, b).isEqualTo(a.equals(b));
    }

    @Property(tries = 1_000)
    void aListSplitAnywhereDiffersFromTheWholeAndFromAnyOtherSplit(@ForAll("zones") List<Zone> zones) {
        for (int cut = 0; cut <= zones.size(); cut++) {
            byte[] split = new CanonicalRecords().value(zones.subList(0, cut)).value(zones.subList(cut, zones.size())).bytes();
            for (int other = 0; other <= zones.size(); other++) {
                byte[] otherSplit = new CanonicalRecords().value(zones.subList(0, other)).value(zones.subList(other, zones.size())).bytes();
                assertThat(Arrays.equals(split, otherSplit)).as("cut %d vs %d", cut, other).isEqualTo(cut == other);
            }
        }
    }

    @Test
    void aLoneSurrogateIsNotTheQuestionMarkAUtf8EncoderWouldMakeOfIt() {
        assertThat(encode("\uD800")).isNotEqualTo(encode("?"));
        assertThat(encode("\uD800\uDC00")).isNotEqualTo(encode("\uDC00\uD800"));
    }

    @Test
    void nullAnEmptyStringAndAnEmptyListAreThreeDifferentThings() {
        assertThat(encode(null)).isNotEqualTo(encode("")).isNotEqualTo(encode(List.of()));
        assertThat(encode("")).isNotEqualTo(encode(List.of()));
        assertThat(new Zone("a", "b", null)).isNotEqualTo(new Zone("a", "b", ""));
        assertThat(encode(new Zone("a", "b", null))).isNotEqualTo(encode(new Zone("a", "b", "")));
    }

    @Test
    void valuesOfDifferentTypesWithTheSameTextDiffer() {
        assertThat(encode(1)).as("an int and a long of one value are one number").isEqualTo(encode(1L));
        assertThat(encode("1")).isNotEqualTo(encode(1));
        assertThat(encode(LocalDate.of(2026, 1, 2))).isNotEqualTo(encode("2026-01-02"));
        assertThat(encode(ZoneId.of("UTC"))).isNotEqualTo(encode(ZoneOffset.UTC));
        assertThat(encode(new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))))
                .isNotEqualTo(encode(List.of(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        assertThat(encode(new Door("d", "n", "a", "b", null))).isNotEqualTo(encode(new Zone("d", "n", "a")));
    }

    @Test
    void everyKindOfValueTheModelHoldsHasAnEncoding() {
        TestSite site = new TestSite();
        site.calendars.add(new HolidayCalendar("h", "Holidays", List.of(LocalDate.of(2026, 12, 25))));
        site.overrides.add(new ScheduleOverride("office", "h", List.of(new TimeRange(LocalTime.of(10, 0), LocalTime.of(12, 0)))));
        PolicyData d = site.data();
        byte[] all = new CanonicalRecords().value(d.site()).value(d.zones()).value(d.doors()).value(d.readers()).value(d.schedules())
                .value(d.accessLevels()).value(d.rules()).value(d.persons()).value(d.credentials()).value(d.grants()).bytes();
        assertThat(all.length).isGreaterThan(1_000);
    }

    @Test
    void aValueWithoutAnEncodingIsRefusedByName() {
        assertThatThrownBy(() -> encode(Map.of("a", 1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Map");
        assertThatThrownBy(() -> encode(Set.of("a"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Set");
        assertThatThrownBy(() -> encode(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Double");
    }

    /** The eight big-endian bytes of {@code n}, as hex. */
    private static String n(long n) {
        return String.format("%016x", n);
    }

    /** A string as the encoding writes it: its length in UTF-16 units, then each unit big-endian. */
    private static String s(String text) {
        StringBuilder b = new StringBuilder(n(text.length()));
        text.chars().forEach(c -> b.append(String.format("%04x", c)));
        return b.toString();
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * The bytes themselves, kind by kind: they are what v3 content hashes are made of, so any change to them
     * changes the hash of every recorded policy and makes replay report a policy change that never happened.
     */
    @Test
    void theEncodingOfEveryKindOfValueIsPinnedByteForByte() {
        assertThat(hex(encode(null))).isEqualTo("4e");
        assertThat(hex(encode("A\u3042"))).isEqualTo("53" + s("A\u3042")).isEqualTo("53" + n(2) + "0041" + "3042");
        assertThat(hex(encode(258))).isEqualTo("49" + n(258));
        assertThat(hex(encode(-1L))).isEqualTo("49ffffffffffffffff");
        assertThat(hex(encode((short) 7))).isEqualTo("49" + n(7));
        assertThat(hex(encode((byte) -2))).isEqualTo("49" + n(-2));
        assertThat(hex(encode(Long.MIN_VALUE + 0x0102030405060708L))).isEqualTo("49" + "8102030405060708");
        assertThat(hex(encode(true))).isEqualTo("59");
        assertThat(hex(encode(false))).isEqualTo("46");
        assertThat(hex(encode(java.time.Instant.ofEpochSecond(1_767_225_600L, 250)))).isEqualTo("54" + n(1_767_225_600L) + n(250));
        assertThat(hex(encode(io.cagekeeper.policy.model.PersonType.VISITOR)))
                .isEqualTo("45" + s("io.cagekeeper.policy.model.PersonType") + s("VISITOR"));
        assertThat(hex(encode(LocalDate.of(2026, 12, 25)))).isEqualTo("4f" + s("java.time.LocalDate") + s("2026-12-25"));
        assertThat(hex(encode(LocalTime.of(9, 30)))).isEqualTo("4f" + s("java.time.LocalTime") + s("09:30"));
        assertThat(hex(encode(ZoneId.of("Asia/Tokyo")))).isEqualTo("4f" + s("java.time.ZoneRegion") + s("Asia/Tokyo"));
        assertThat(hex(encode(List.of("x", List.of())))).isEqualTo("4c" + n(2) + "53" + s("x") + "4c" + n(0));
        assertThat(hex(encode(new Zone("z1", "Cage", null))))
                .isEqualTo("52" + s("io.cagekeeper.policy.model.Zone") + n(3) + "53" + s("z1") + "53" + s("Cage") + "4e");
        assertThat(hex(new CanonicalRecords().value(1).value("b").bytes())).as("values append in the order given")
                .isEqualTo("49" + n(1) + "53" + s("b"));
    }
}
