package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LookupTablesTest {

    @Property
    void theCardTableFindsEveryKeyItHoldsAndNoOther(@ForAll @Size(max = 200) Set<@LongRange(min = 0, max = 1L << 48) Long> keys,
                                                   @ForAll @LongRange(min = 0, max = 1L << 48) long absent) {
        CardTable t = new CardTable(keys.size());
        int i = 0;
        for (long k : keys) {
            assertThat(t.put(k, i, i + 1, CardTable.bounds(0, Long.MAX_VALUE), i * 3, i % 3, i % 200, CardTable.NEVER)).isEqualTo(-1);
            i++;
        }
        i = 0;
        for (long k : keys) {
            int slot = t.slot(k);
            assertThat(t.credential(slot)).isEqualTo(i);
            assertThat(t.person(slot)).isEqualTo(i + 1);
            assertThat(t.grantStart(slot)).isEqualTo(i * 3);
            assertThat(t.grantCount(slot)).isEqualTo(i % 3);
            assertThat(t.firstLevel(slot)).isEqualTo(i % 200);
            assertThat(t.firstGrantPlainlyValid(slot, 0)).isFalse();
            assertThat(t.put(k, 99, 99, CardTable.NEVER, 0, 0, 0, 0)).as("a duplicate is refused").isEqualTo(i);
            i++;
        }
        if (!keys.contains(absent)) {
            assertThat(t.slot(absent)).isEqualTo(-1);
        }
    }

    @Property
    void theStringTableFindsEveryIdItHoldsAndNoOther(@ForAll @Size(max = 200) Set<String> ids, @ForAll String absent) {
        StringIntTable t = new StringIntTable(ids.size());
        List<String> list = List.copyOf(ids);
        for (int i = 0; i < list.size(); i++) {
            assertThat(t.put(list.get(i), i)).isEqualTo(-1);
        }
        for (int i = 0; i < list.size(); i++) {
            assertThat(t.get(list.get(i))).isEqualTo(i);
        }
        if (!ids.contains(absent)) {
            assertThat(t.get(absent)).isEqualTo(-1);
        }
        assertThat(t.get(null)).isEqualTo(-1);
    }

    @Property
    void theFastValidityWindowNeverAcceptsAnInstantOutsideTheExactOne(
            @ForAll @LongRange(min = 0, max = 10_000) long fromMillis, @ForAll @LongRange(min = 1, max = 10_000) long lengthMillis,
            @ForAll @LongRange(min = -5_000, max = 25_000) long atMillis) {
        java.time.Instant from = java.time.Instant.ofEpochMilli(fromMillis);
        java.time.Instant until = from.plusMillis(lengthMillis);
        java.time.Instant at = java.time.Instant.ofEpochMilli(atMillis);
        CardTable t = new CardTable(1);
        t.put(1, 0, 0, CardTable.bounds(from.getEpochSecond() + (from.getNano() > 0 ? 1 : 0), until.getEpochSecond() - 1), 0, 0, 0, CardTable.NEVER);
        if (t.plainlyUsable(t.slot(1), at.getEpochSecond())) {
            assertThat(!at.isBefore(from) && at.isBefore(until)).isTrue();
        }
    }

    /** Narrowing the bounds into 32 bits may only shrink the interval, never widen it. */
    @Property
    void packedBoundsNeverAcceptASecondOutsideTheGivenInterval(
            @ForAll @LongRange(min = -(1L << 34), max = 1L << 34) long from, @ForAll @LongRange(min = 0, max = 1L << 34) long length,
            @ForAll @LongRange(min = -(1L << 34), max = 1L << 35) long at, @ForAll boolean openEnded) {
        long until = openEnded ? Long.MAX_VALUE : from + length;
        CardTable t = new CardTable(1);
        t.put(1, 0, 0, CardTable.NEVER, 0, 1, 0, CardTable.bounds(from, until));
        if (t.firstGrantPlainlyValid(t.slot(1), at)) {
            assertThat(at).isBetween(from, until);
        }
        if (at >= 0 && at < 0xFFFF_FFFFL && at >= from && at <= until) {
            assertThat(t.firstGrantPlainlyValid(t.slot(1), at)).as("inside the 32-bit range nothing is lost").isTrue();
        }
        assertThat(t.plainlyUsable(t.slot(1), at)).isFalse();
    }

    /** A copy shares the original's chunks; removals and inserts in the copy leave the original as it was. */
    @Property(tries = 200)
    void aWrittenCopyOfTheCardTableLeavesTheOriginalUntouched(
            @ForAll @Size(min = 1, max = 3000) Set<@LongRange(min = 0, max = 1L << 40) Long> keys,
            @ForAll @Size(max = 3000) Set<@LongRange(min = 0, max = 1L << 40) Long> added) {
        List<Long> list = List.copyOf(keys);
        CardTable original = new CardTable(list.size());
        for (int i = 0; i < list.size(); i++) {
            original.put(list.get(i), i, i, CardTable.NEVER, 0, 0, 0, CardTable.NEVER);
        }
        original.freeze();
        CardTable copy = original.copy();
        for (int i = 0; i < list.size(); i += 2) {
            assertThat(copy.remove(list.get(i))).isTrue();
        }
        int n = 0;
        for (long k : added) {
            if (!keys.contains(k)) {
                assertThat(copy.put(k, 100_000 + n, 0, CardTable.NEVER, 0, 0, 0, CardTable.NEVER)).isEqualTo(-1);
                n++;
            }
        }
        for (int i = 0; i < list.size(); i++) {
            assertThat(original.credential(original.slot(list.get(i)))).isEqualTo(i);
            assertThat(copy.slot(list.get(i)) >= 0).as("removed from the copy exactly when even").isEqualTo(i % 2 == 1);
            if (i % 2 == 1) {
                assertThat(copy.credential(copy.slot(list.get(i)))).isEqualTo(i);
            }
        }
        n = 0;
        for (long k : added) {
            if (!keys.contains(k)) {
                assertThat(original.slot(k)).isEqualTo(-1);
                assertThat(copy.credential(copy.slot(k))).isEqualTo(100_000 + n);
                n++;
            }
        }
        assertThat(copy.size()).isEqualTo(list.size() / 2 + n);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> original.put(-5, 0, 0, 0, 0, 0, 0, 0))
                .as("a published table is never written").isInstanceOf(IllegalStateException.class);
    }

    @Property(tries = 200)
    void aWrittenCopyOfTheStringTableLeavesTheOriginalUntouched(@ForAll @Size(min = 1, max = 2000) Set<String> ids,
                                                                @ForAll @Size(max = 2000) Set<String> added) {
        List<String> list = List.copyOf(ids);
        StringIntTable original = new StringIntTable(list.size());
        for (int i = 0; i < list.size(); i++) {
            original.put(list.get(i), i);
        }
        original.freeze();
        StringIntTable copy = original.copy();
        for (int i = 0; i < list.size(); i += 2) {
            assertThat(copy.remove(list.get(i))).isEqualTo(i);
        }
        for (String id : added) {
            if (!ids.contains(id)) {
                copy.put(id, 7);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            assertThat(original.get(list.get(i))).isEqualTo(i);
            assertThat(copy.get(list.get(i))).isEqualTo(i % 2 == 0 ? -1 : i);
        }
        for (String id : added) {
            if (!ids.contains(id)) {
                assertThat(original.get(id)).isEqualTo(-1);
                assertThat(copy.get(id)).isEqualTo(7);
            }
        }
    }

    @Test
    void puttingAnIdTheStringTableHoldsReplacesItsIndexAndReturnsTheOldOne() {
        StringIntTable t = new StringIntTable(4);
        assertThat(t.put("a", 1)).isEqualTo(-1);
        assertThat(t.put("b", 2)).isEqualTo(-1);
        assertThat(t.put("a", 9)).isEqualTo(1);
        assertThat(t.get("a")).isEqualTo(9);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.remove("zzz")).isEqualTo(-1);
        assertThat(t.remove("a")).isEqualTo(9);
        assertThat(t.remove("a")).isEqualTo(-1);
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.get("b")).isEqualTo(2);
    }

    /** From the smallest table up: it grows as ids come and keeps finding every one, also after removals. */
    @Test
    void theStringTableGrowsFromEmptyAndKeepsEveryIdThroughRemovals() {
        StringIntTable t = new StringIntTable(0);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add("id-" + i * 7919);
            assertThat(t.put(ids.get(i), i)).isEqualTo(-1);
        }
        assertThat(t.size()).isEqualTo(5_000);
        for (int i = 0; i < ids.size(); i += 3) {
            assertThat(t.remove(ids.get(i))).isEqualTo(i);
        }
        for (int i = 0; i < ids.size(); i++) {
            assertThat(t.get(ids.get(i))).as(ids.get(i)).isEqualTo(i % 3 == 0 ? -1 : i);
        }
        assertThat(t.size()).isEqualTo(5_000 - 1_667);
    }

    @Test
    void theCardTableGrowsFromEmptyAndKeepsEveryBadgeThroughRemovals() {
        CardTable t = new CardTable(0);
        for (int i = 0; i < 5_000; i++) {
            assertThat(t.put(i * 1_000_003L, i, -1, CardTable.bounds(i, i + 10), i, 1, 2, CardTable.NEVER)).isEqualTo(-1);
        }
        assertThat(t.size()).isEqualTo(5_000);
        for (int i = 0; i < 5_000; i += 3) {
            assertThat(t.remove(i * 1_000_003L)).isTrue();
        }
        assertThat(t.remove(7L)).as("never there").isFalse();
        assertThat(t.remove(0L)).as("already removed").isFalse();
        for (int i = 0; i < 5_000; i++) {
            int slot = t.slot(i * 1_000_003L);
            if (i % 3 == 0) {
                assertThat(slot).isEqualTo(-1);
            } else {
                assertThat(t.key(slot)).isEqualTo(i * 1_000_003L);
                assertThat(t.credential(slot)).isEqualTo(i);
                assertThat(t.person(slot)).isEqualTo(-1);
                assertThat(t.plainlyUsable(slot, i + 10)).isTrue();
                assertThat(t.plainlyUsable(slot, i + 11)).isFalse();
                assertThat(t.plainlyUsable(slot, i - 1)).isFalse();
            }
        }
        assertThat(t.size()).isEqualTo(5_000 - 1_667);
    }

    @Test
    void updatingABadgeRewritesEverythingButItsKeyAndAnAbsentOneIsAnError() {
        CardTable t = new CardTable(2);
        t.put(42, 1, 2, CardTable.NEVER, 3, 4, 5, CardTable.NEVER);
        t.update(42, 6, 7, CardTable.bounds(100, 200), 8, CardTable.MANY, CardTable.NO_LEVEL, CardTable.bounds(150, 150));
        int s = t.slot(42);
        assertThat(t.credential(s)).isEqualTo(6);
        assertThat(t.person(s)).isEqualTo(7);
        assertThat(t.grantStart(s)).isEqualTo(8);
        assertThat(t.grantCount(s)).isEqualTo(CardTable.MANY);
        assertThat(t.firstLevel(s)).isEqualTo(CardTable.NO_LEVEL);
        assertThat(t.plainlyUsable(s, 100)).isTrue();
        assertThat(t.plainlyUsable(s, 200)).isTrue();
        assertThat(t.firstGrantPlainlyValid(s, 150)).as("a one-second interval holds that second").isTrue();
        assertThat(t.firstGrantPlainlyValid(s, 149)).isFalse();
        assertThat(t.firstGrantPlainlyValid(s, 151)).isFalse();
        assertThat(t.size()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.update(43, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no badge");
    }

    @Test
    void packedBoundsClampIntoTheUnsigned32BitRangeAndAnEmptyIntervalIsNever() {
        assertThat(CardTable.bounds(-50, 10)).isEqualTo(CardTable.bounds(0, 10));
        assertThat(CardTable.bounds(5, Long.MAX_VALUE)).isEqualTo(CardTable.bounds(5, 0xFFFF_FFFEL));
        assertThat(CardTable.bounds(11, 10)).isEqualTo(CardTable.NEVER);
        assertThat(CardTable.bounds(10, 10)).isNotEqualTo(CardTable.NEVER);
        assertThat(CardTable.bounds(-5, -1)).isEqualTo(CardTable.NEVER);
        CardTable t = new CardTable(1);
        t.put(1, 0, 0, CardTable.bounds(0, Long.MAX_VALUE), 0, 0, 0, CardTable.NEVER);
        assertThat(t.plainlyUsable(t.slot(1), 0)).isTrue();
        assertThat(t.plainlyUsable(t.slot(1), 0xFFFF_FFFEL)).isTrue();
        assertThat(t.plainlyUsable(t.slot(1), 0xFFFF_FFFFL)).as("past 2106: not known to be fine").isFalse();
        assertThat(t.plainlyUsable(t.slot(1), -1)).isFalse();
    }
}
