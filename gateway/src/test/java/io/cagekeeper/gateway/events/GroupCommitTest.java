package io.cagekeeper.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** A writer whose writes complete only when the test says so. */
    private static final class ManualWriter {
        final List<List<String>> batches = new ArrayList<>();
        final List<Promise<Map<Integer, Throwable>>> pending = new ArrayList<>();

        Future<Map<Integer, Throwable>> write(List<String> batch) {
            batches.add(List.copyOf(batch));
            Promise<Map<Integer, Throwable>> p = Promise.promise();
            pending.add(p);
            return p.future();
        }
    }

    @Test
    void anUrgentItemIsWrittenAtOnceWhileABacklogOfOrdinaryItemsWaits() {
        ManualWriter w = new ManualWriter();
        GroupCommit<String> commits = GroupCommit.withLanes(w::write, 10, s -> s.startsWith("access"));
        List<Future<Void>> doors = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            doors.add(commits.submit("door" + i));
        }
        Future<Void> access = commits.submit("access");
        assertThat(w.batches).hasSize(2);
        assertThat(w.batches.get(1)).containsExactly("access");
        w.pending.get(1).complete(Map.of());
        assertThat(access.succeeded()).isTrue();
        assertThat(doors.get(0).isComplete()).isFalse();
    }

    @Test
    void withinALaneItemsAreBatchedWhileAWriteIsInFlightAndKeepTheirOrder() {
        ManualWriter w = new ManualWriter();
        GroupCommit<String> commits = GroupCommit.withLanes(w::write, 3, s -> false);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            commits.submit(s);
        }
        w.pending.get(0).complete(Map.of());
        w.pending.get(1).complete(Map.of());
        assertThat(w.batches).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e"));
    }

    @Test
    void anItemThatFailsOnItsOwnFailsAloneAndAFailedWriteFailsItsWholeBatch() {
        ManualWriter w = new ManualWriter();
        GroupCommit<String> commits = GroupCommit.withLanes(w::write, 10, s -> false);
        Future<Void> first = commits.submit("first");
        Future<Void> good = commits.submit("good");
        Future<Void> bad = commits.submit("bad");
        w.pending.get(0).fail("database down");
        w.pending.get(1).complete(Map.of(1, new IllegalStateException("refused")));
        assertThat(first.failed()).isTrue();
        assertThat(good.succeeded()).isTrue();
        assertThat(bad.cause()).hasMessage("refused");
    }
}
