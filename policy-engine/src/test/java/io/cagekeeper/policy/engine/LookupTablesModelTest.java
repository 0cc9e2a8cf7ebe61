package io.cagekeeper.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The two hand-written open-addressing tables checked against {@link HashMap} through random sequences of
 * puts, replacements and removals, with copies taken along the way (a patched snapshot's tables are copies
 * of the published ones). The ids are built from blocks with equal hash codes ("Aa" and "BB"), so every id
 * of a length lands in one probe run: the run wraps around the table's end, and backward-shift removal
 * must move entries across the wrap without losing or inventing one.
 */
class LookupTablesModelTest {

    /** Ids whose {@code hashCode()} is equal for each length: every put probes one long run. */
    private static String collidingId(int n) {
        StringBuilder b = new StringBuilder();
        for (int bit = 0; bit < 6; bit++) {
            b.append((n >>> bit & 1) == 0 ? "Aa" : "BB");
        }
        return n < 64 ? b.toString() : b + "-" + n;
    }

    @Property(tries = 300)
    void theStringTableAnswersLikeAHashMapThroughAnySequenceOfChanges(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 95) Integer> keys,
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 3) Integer> ops,
            @ForAll @IntRange(min = 0, max = 40) int expected) {
        StringIntTable table = new StringIntTable(expected);
        Map<String, Integer> model = new HashMap<>();
        StringIntTable frozen = null;
        Map<String, Integer> frozenModel = null;
        for (int i = 0; i < Math.min(keys.size(), ops.size()); i++) {
            String id = collidingId(keys.get(i));
            switch (ops.get(i)) {
                case 0, 1 -> {
                    Integer old = model.put(id, i);
                    assertThat(table.put(id, i)).isEqualTo(old == null ? -1 : old);
                }
                case 2 -> {
                    Integer old = model.remove(id);
                    assertThat(table.remove(id)).isEqualTo(old == null ? -1 : old);
                }
                default -> {
                    frozen = table.freeze();
                    frozenModel = new HashMap<>(model);
                    table = frozen.copy();
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (int k = 0; k <= 95; k++) {
            String id = collidingId(k);
            assertThat(table.get(id)).as(id).isEqualTo(model.getOrDefault(id, -1));
            if (frozen != null) {
                assertThat(frozen.get(id)).as("frozen " + id).isEqualTo(frozenModel.getOrDefault(id, -1));
            }
        }
    }

    @Property(tries = 300)
    void theCardTableAnswersLikeAHashMapThroughAnySequenceOfChanges(
            @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 300) Integer> keys,
            @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 4) Integer> ops,
            @ForAll @IntRange(min = 0, max = 40) int expected) {
        CardTable table = new CardTable(expected);
        Map<Long, Integer> model = new HashMap<>();
        CardTable frozen = null;
        Map<Long, Integer> frozenModel = null;
        for (int i = 0; i < Math.min(keys.size(), ops.size()); i++) {
            // card keys as the snapshot packs them: small format numbers in the high bits, the card below
            long key = (long) (keys.get(i) % 3) << 40 | keys.get(i) * 65_537L;
            switch (ops.get(i)) {
                case 0, 1 -> {
                    Integer old = model.putIfAbsent(key, i);
                    assertThat(table.put(key, i, i + 1, CardTable.bounds(i, i + 100), i * 2, i % 7, i % 11, CardTable.NEVER))
                            .isEqualTo(old == null ? -1 : old);
                }
                case 2 -> {
                    boolean held = model.containsKey(key);
                    if (held) {
                        model.put(key, i);
                        table.update(key, i, i + 1, CardTable.bounds(i, i + 100), i * 2, i % 7, i % 11, CardTable.NEVER);
                    }
                }
                case 3 -> assertThat(table.remove(key)).isEqualTo(model.remove(key) != null);
                default -> {
                    frozen = table.freeze();
                    frozenModel = new HashMap<>(model);
                    table = frozen.copy();
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        assertLike(table, model);
        if (frozen != null) {
            assertLike(frozen, frozenModel);
        }
    }

    private static void assertLike(CardTable table, Map<Long, Integer> model) {
        for (int k = 0; k <= 300; k++) {
            long key = (long) (k % 3) << 40 | k * 65_537L;
            Integer v = model.get(key);
            int slot = table.slot(key);
            if (v == null) {
                assertThat(slot).as("card %d", key).isEqualTo(-1);
            } else {
                assertThat(slot).as("card %d", key).isNotNegative();
                assertThat(table.key(slot)).isEqualTo(key);
                assertThat(table.credential(slot)).isEqualTo(v);
                assertThat(table.person(slot)).isEqualTo(v + 1);
                assertThat(table.grantStart(slot)).isEqualTo(v * 2);
                assertThat(table.grantCount(slot)).isEqualTo(v % 7);
                assertThat(table.firstLevel(slot)).isEqualTo(v % 11);
                assertThat(table.plainlyUsable(slot, v + 100)).isTrue();
                assertThat(table.plainlyUsable(slot, v + 101)).isFalse();
            }
        }
    }
}
