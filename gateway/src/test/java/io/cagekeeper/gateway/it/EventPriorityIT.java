package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.EventType;
import io.cagekeeper.gateway.events.GatewayEvent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A door module's event storm must not delay another door's credential decision: the badge holder's
 * acknowledgement waits for the decision's event to be durable, so that event must not queue behind
 * the storm's backlog.
 */
class EventPriorityIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @Test
    void aDecisionIsStoredAheadOfTwentyThousandDoorEventsQueuedBeforeIt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Future<Void>> storm = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            storm.add(env.cage().gateway.eventLog().append(GatewayEvent.door("storm:" + run + ":" + i, EventType.DOOR_OPENED,
                    "storm", Instant.now(), "Door storm opened", Map.of())));
        }
        long queued = System.nanoTime();
        String key = "decision:" + run;
        Future<Void> decision = env.cage().gateway.eventLog().append(new GatewayEvent(key, EventType.ACCESS_GRANTED, "reader:r9",
                "other", 1L, Instant.now(), Instant.now(), "18:40211", "p-alice", "GRANT", List.of("ACCESS_LEVEL_GRANTED"),
                "grant:g-alice", 1L, "Granted: Alice", List.of(), Map.of()));
        decision.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long decided = System.nanoTime();
        Future.all(storm).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        long stormDone = System.nanoTime();

        long storedBefore = ((Number) env.cage().query("SELECT count(*) AS n FROM events WHERE event_key LIKE 'storm:" + run
                + ":%' AND stored_at < (SELECT stored_at FROM events WHERE event_key = '" + key + "')").get(0).get("n")).longValue();
        System.out.printf("[priority] 20,000 door events queued in %d ms; the decision was durable %d ms after it was appended, "
                        + "with %d door events stored before it; the storm took %d ms%n", (queued - start) / 1_000_000,
                (decided - queued) / 1_000_000, storedBefore, (stormDone - start) / 1_000_000);
        assertThat(storedBefore).as("door events stored before the decision").isLessThan(5_000);
    }
}
