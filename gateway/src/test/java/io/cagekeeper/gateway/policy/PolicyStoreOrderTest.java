package io.cagekeeper.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bulky tables are read in storage order and sorted by the gateway: the order must be the one a
 * patch keeps ({@code PolicyDelta.applyTo}: Java string order), or a patched snapshot would differ from
 * a loaded one.
 */
class PolicyStoreOrderTest {

    @Test
    void rowsReadInStorageOrderComeOutInTheOrderOfTheirIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 2_000; i++) {
            ids.add("q" + i); // q1, q2 … q10: numeric insertion order is not byte order
        }
        ids.add("Q-upper");
        ids.add("q_");
        ids.add("q-");
        List<String> stored = new ArrayList<>(ids);
        Collections.shuffle(stored, new Random(3));
        List<String> expected = new ArrayList<>(ids);
        Collections.sort(expected);
        Vertx vertx = Vertx.vertx();
        try {
            Future<List<String>> sorted = Future.future(p -> vertx.runOnContext(v -> PolicyStore.sorted(stored, s -> s).onComplete(p)));
            assertThat(sorted.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(expected.subList(0, 4)).containsExactly("Q-upper", "q-", "q1", "q10");
    }

    @Test
    void outsideAVertxContextTheRowsAreSortedInPlace() {
        List<String> rows = new ArrayList<>(List.of("b", "a", "c"));
        assertThat(PolicyStore.sorted(rows, s -> s).result()).containsExactly("a", "b", "c");
    }
}
