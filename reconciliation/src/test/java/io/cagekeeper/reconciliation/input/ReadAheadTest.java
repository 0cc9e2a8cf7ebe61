package io.cagekeeper.reconciliation.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    /** {@code count} events, then (when {@code failAfter} is reached) the source's failure. */
    private static EventSource source(int count, int failAfter) {
        return new EventSource() {
            int n;

            @Override
            public EventRow next() {
                if (n == failAfter) {
                    throw new InputException("database: connection lost");
                }
                return n < count ? row(++n) : null;
            }

            @Override
            public SourceStats stats() {
                return new SourceStats("events", "memory", null, null, Times.NONE, n);
            }

            @Override
            public void close() {
            }
        };
    }

    private static EventRow row(long id) {
        return new EventRow(id, id, "r", Times.NONE, "ACCESS_GRANTED", null, null, "p", null, "z", false, Times.NONE, Times.NONE, Times.NONE);
    }

    @Test
    void deliversEveryEventInOrderAcrossBatchesAndThenTheStatsOfTheWholeSource() {
        int count = ReadAhead.BATCH * 3 + 17;
        List<Long> ids = new ArrayList<>();
        try (ReadAhead r = new ReadAhead(source(count, -1))) {
            EventRow e;
            while ((e = r.next()) != null) {
                ids.add(e.id());
            }
            assertThat(r.next()).isNull();
            assertThat(r.stats().rows()).isEqualTo(count);
        }
        assertThat(ids).hasSize(count).isSorted().startsWith(1L).endsWith((long) count);
    }

    @Test
    void aFailureOfTheSourceReachesTheCallerAfterTheEventsBeforeIt() {
        try (ReadAhead r = new ReadAhead(source(10_000, ReadAhead.BATCH + 5))) {
            for (int i = 1; i <= ReadAhead.BATCH + 5; i++) {
                assertThat(r.next().id()).isEqualTo(i);
            }
            assertThatThrownBy(r::next).isInstanceOf(InputException.class).hasMessage("database: connection lost");
        }
    }

    @Test
    void closingBeforeTheEndStopsTheReader() {
        ReadAhead r = new ReadAhead(source(1_000_000, -1));
        assertThat(r.next().id()).isEqualTo(1);
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("reconciliation-read-ahead") && t.isAlive());
        r.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("reconciliation-read-ahead") && t.isAlive());
    }
}
