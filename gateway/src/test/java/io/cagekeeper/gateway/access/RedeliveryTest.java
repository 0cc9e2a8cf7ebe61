package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A message the broker redelivers (DUP) after a gateway restart is never decided or released twice. */
class RedeliveryTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final AtomicInteger acks = new AtomicInteger();
    private final List<GatewayEvent> stored = new ArrayList<>();
    private final List<String> recorded = new ArrayList<>();

    private AccessController controller(Set<String> storedBeforeRestart) {
        PolicySnapshot snapshot = PolicySnapshot.compile(1, HostilePayloadFuzzTest.site());
        AccessPorts ports = new AccessPorts(door -> {
            releases.incrementAndGet();
            return Future.succeededFuture();
        }, door -> 5000, (reader, payload) -> Future.succeededFuture(), e -> {
            stored.add(e);
            return Future.succeededFuture();
        }, key -> Future.succeededFuture(storedBeforeRestart.contains(key)), (key, r) -> recorded.add(key), s -> { },
                (hash, pin) -> Future.succeededFuture(false));
        return new AccessController("cage", "dc1", () -> snapshot, new PolicyEngine(), ports, Duration.ofSeconds(30), id -> null,
                new Metrics(), new ReaderGuard(1000, 1000, 1000, Duration.ofMinutes(1)), EngineState.initial());
    }

    private IncomingMessage message(String msgId, boolean dup) {
        String json = String.format(HostilePayloadFuzzTest.VALID, msgId, 5);
        return new IncomingMessage("cage/dc1/readers/plain/credential", json.getBytes(StandardCharsets.UTF_8), dup,
                Instant.parse("2026-11-25T10:15:31Z"), acks::incrementAndGet);
    }

    @Test
    void aRedeliveryOfAStoredCredentialIsAcknowledgedWithoutAnotherRelease() {
        AccessController c = controller(Set.of("reader:plain:m-1"));
        c.onMessage(message("m-1", true));
        assertThat(releases.get()).isZero();
        assertThat(stored).isEmpty();
        assertThat(recorded).as("no second decision record").isEmpty();
        assertThat(acks.get()).isEqualTo(1);
    }

    @Test
    void aRedeliveryThatWasNeverStoredIsDecidedOnce() {
        AccessController c = controller(Set.of());
        c.onMessage(message("m-2", true));
        c.onMessage(message("m-2", true));
        assertThat(releases.get()).isEqualTo(1);
        assertThat(stored).hasSize(1);
        assertThat(recorded).hasSize(1);
        assertThat(acks.get()).isEqualTo(2);
    }
}
