package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the broker or an attacker does with a reader's genuine, signed credentials (deliver them
 * twice, out of order, late, again after a gateway restart, again hours later), each one opens the door
 * at most once, and only while it is fresh.
 */
class ReplayPropertiesTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.250Z");
    static final Duration FRESH = Duration.ofSeconds(10);

    /** One delivery: message {@code index} of the reader's sequence, {@code delayMs} after it was read; maybe after a restart. */
    record Delivery(int index, long delayMs, boolean restartBefore) {
    }

    @Provide
    Arbitrary<List<Delivery>> deliveries() {
        Arbitrary<Delivery> one = Combinators.combine(Arbitraries.integers().between(0, 19),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 2_000)),          // on time
                                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(2_000, 12_000)),     // late, around the limit
                                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(60_000, 7_200_000))), // replayed much later
                        Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as(Delivery::new);
        // deliveries happen in time order: a message read at second i and delivered delayMs later
        return one.list().ofMinSize(1).ofMaxSize(60).map(l -> l.stream()
                .sorted(java.util.Comparator.comparingLong(d -> d.index() * 1_000L + d.delayMs())).toList());
    }

    @Property(tries = 300)
    void everyCredentialOpensTheDoorAtMostOnceAndOnlyWhileFresh(@ForAll("deliveries") List<Delivery> schedule) {
        InMemoryClaims claims = new InMemoryClaims();
        PolicySnapshot snapshot = PolicySnapshot.compile(1, HostilePayloadFuzzTest.site());
        Map<Integer, Integer> releases = new HashMap<>();
        int[] current = {-1};
        AccessPorts ports = new AccessPorts(door -> {
            releases.merge(current[0], 1, Integer::sum);
            return Future.succeededFuture();
        }, door -> 5000, (reader, payload) -> Future.succeededFuture(), e -> {
            if (e.result() != null) {
                claims.results.put(e.key(), e.result());
            }
            return Future.succeededFuture();
        }, claims, (key, r) -> { }, s -> { }, (hash, pin) -> Future.succeededFuture(false));
        ReaderPolicy trust = new ReaderPolicy(id -> id.equals("signed") ? HostilePayloadFuzzTest.KEY : null, java.util.Set.of(), FRESH,
                1_000, Duration.ofSeconds(30));
        List<Long> lateReleases = new ArrayList<>();
        AccessController c = null;
        // the reader reads card i at T0 + i seconds; deliveries happen in the generated order
        for (Delivery d : schedule) {
            if (c == null || d.restartBefore()) {
                c = new AccessController("cage", "dc1", () -> snapshot, new PolicyEngine(), ports, trust, new Metrics(),
                        new ReaderGuard(1e9, 1e9, 1_000_000, Duration.ofMinutes(1)), EngineState.initial());
            }
            Instant read = T0.plusSeconds(d.index());
            String json = HostilePayloadFuzzTest.sign("{\"v\":1,\"msgId\":\"m" + d.index() + "\",\"seq\":" + (d.index() + 1)
                    + ",\"ts\":\"" + read + "\",\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211}}");
            int before = releases.getOrDefault(d.index(), 0);
            current[0] = d.index();
            c.onMessage(new IncomingMessage("cage/dc1/readers/signed/credential", json.getBytes(StandardCharsets.UTF_8), false,
                    read.plusMillis(d.delayMs()), () -> { }));
            if (releases.getOrDefault(d.index(), 0) > before && d.delayMs() > FRESH.toMillis()) {
                lateReleases.add(d.delayMs());
            }
        }
        assertThat(releases.values()).as("releases per credential").allMatch(n -> n <= 1);
        if (schedule.get(0).delayMs() <= FRESH.toMillis()) {
            assertThat(releases).as("the harness sees releases (the first delivery, on time, is granted)").isNotEmpty();
        }
        assertThat(lateReleases).as("releases of credentials read longer ago than the limit").isEmpty();
    }
}
