package io.cagekeeper.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.StoredEvents;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LiveEventsTest {

    private static List<JsonObject> events(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(i -> new JsonObject().put("id", i)).toList();
    }

    private static List<Long> ids(List<JsonObject> events) {
        return events.stream().map(e -> e.getLong("id")).toList();
    }

    @Test
    void aResumeFromAnIdTheRingHoldsGetsExactlyTheEventsPublishedAfterIt() {
        LiveEvents live = new LiveEvents(new StoredEvents());
        live.publish(events(1, 3));
        live.publish(List.of(new JsonObject().put("id", 7L), new JsonObject().put("id", 5L)));
        LiveEvents.Attached a = live.attach(e -> { }, 3L, 0);
        assertThat(a.resumed()).isTrue();
        assertThat(ids(a.backlog())).as("in the order published, whatever the ids").containsExactly(7L, 5L);
    }

    @Test
    void anIdTheRingNoLongerHoldsIsNotResumedFromTheRing() {
        LiveEvents live = new LiveEvents(new StoredEvents());
        live.publish(events(1, LiveEvents.RING + 10));
        assertThat(live.attach(e -> { }, 5L, 0).resumed()).isFalse();
        assertThat(live.attach(e -> { }, 11L, 0).resumed()).isTrue();
        assertThat(live.attach(e -> { }, 11L, 0).backlog()).hasSize(LiveEvents.RING - 1);
    }

    @Test
    void aNewSubscriberStartsAtTheNewestEventOrTheStoredHighestIdWhenTheRingIsEmpty() {
        LiveEvents live = new LiveEvents(new StoredEvents());
        assertThat(live.attach(e -> { }, null, 42).cursor()).isEqualTo(42L);
        live.publish(events(43, 44));
        assertThat(live.attach(e -> { }, null, 42).cursor()).isEqualTo(44L);
    }

    @Test
    void everySubscriberGetsEveryBatchUntilItDetaches() {
        LiveEvents live = new LiveEvents(new StoredEvents());
        List<Long> got = new ArrayList<>();
        LiveEvents.Subscriber s = batch -> got.addAll(ids(batch));
        live.attach(s, null, 0);
        live.publish(events(1, 2));
        live.detach(s);
        live.publish(events(3, 3));
        assertThat(got).containsExactly(1L, 2L);
        assertThat(live.subscribers()).isZero();
    }
}
