package io.cagekeeper.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.gateway.events.GatewayEvent;
import io.cagekeeper.gateway.mqtt.IncomingMessage;
import io.cagekeeper.policy.engine.PolicyEngine;
import io.cagekeeper.policy.engine.PolicySnapshot;
import io.cagekeeper.policy.model.Credential;
import io.cagekeeper.policy.model.CredentialStatus;
import io.cagekeeper.policy.model.DoorMode;
import io.cagekeeper.policy.model.DoorModeRule;
import io.cagekeeper.policy.model.PolicyData;
import io.cagekeeper.policy.model.PolicyRules;
import io.cagekeeper.policy.pin.PinHasher;
import io.cagekeeper.policy.state.EngineState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * On a card+PIN door the slow PIN hash check is handed off (the gateway runs it on a worker): the
 * decision waits for its answer instead of blocking, and a wrong PIN or a failed check is a denial.
 */
class PinOffloadTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final List<GatewayEvent> stored = new ArrayList<>();
    private final List<Promise<Boolean>> checks = new ArrayList<>();
    private final List<String> checkedHashes = new ArrayList<>();

    private AccessController controller() {
        PolicyData base = HostilePayloadFuzzTest.site();
        Credential c = base.credentials().get(0);
        String hash = new PinHasher().hash("4821", new SecureRandom());
        Credential withPin = new Credential(c.id(), c.card(), c.personId(), CredentialStatus.ACTIVE, c.validFrom(), null, null, null, hash);
        PolicyRules none = PolicyRules.none();
        PolicyRules pinDoor = new PolicyRules(List.of(new DoorModeRule("d1", DoorMode.CARD_AND_PIN, "always")), none.holidayCalendars(),
                none.scheduleOverrides(), none.zonePolicies(), none.visits(), none.restrictions(), none.threatRules(),
                none.pinMaxFailures(), none.escortWindowSeconds());
        PolicySnapshot snapshot = PolicySnapshot.compile(1, new PolicyData(base.site(), base.zones(), base.doors(), base.readers(),
                base.persons(), List.of(withPin), base.schedules(), base.accessLevels(), base.grants(), pinDoor));
        AccessPorts ports = new AccessPorts(door -> {
            releases.incrementAndGet();
            return Future.succeededFuture();
        }, door -> 5000, (reader, payload) -> Future.succeededFuture(), e -> {
            stored.add(e);
            return Future.succeededFuture();
        }, new InMemoryClaims(), (key, r) -> { }, s -> { }, (h, pin) -> {
            checkedHashes.add(h);
            Promise<Boolean> p = Promise.promise();
            checks.add(p);
            return p.future();
        });
        return new AccessController("cage", "dc1", () -> snapshot, new PolicyEngine((h, p) -> {
            throw new AssertionError("the PIN must not be hashed on the event loop");
        }), ports, InMemoryClaims.unsignedReaders("plain"), new Metrics(), new ReaderGuard(1000, 1000, 1000, Duration.ofMinutes(1)),
                EngineState.initial());
    }

    private int seq = 5;

    private IncomingMessage credential(String msgId, String pin) {
        String json = "{\"v\":1,\"msgId\":\"" + msgId + "\",\"seq\":" + seq++ + ",\"ts\":\"2026-11-25T10:15:30.123Z\","
                + "\"card\":{\"format\":\"H10301\",\"facility\":18,\"number\":40211},\"pin\":\"" + pin + "\"}";
        return new IncomingMessage("cage/dc1/readers/plain/credential", json.getBytes(StandardCharsets.UTF_8), false,
                Instant.parse("2026-11-25T10:15:31Z"), () -> { });
    }

    @Test
    void waitsForTheOffloadedCheckThenGrantsTheRightPin() {
        AccessController c = controller();
        c.onMessage(credential("p-1", "4821"));
        assertThat(checks).hasSize(1);
        assertThat(checkedHashes.get(0)).startsWith("$argon2id$");
        assertThat(stored).as("no decision before the check answers").isEmpty();
        checks.get(0).complete(true);
        assertThat(releases.get()).isEqualTo(1);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).result()).isEqualTo("GRANT");
        assertThat(stored.get(0).detail()).containsEntry("pinMatched", true);
    }

    @Test
    void deniesAWrongPinAndACheckThatFailed() {
        AccessController c = controller();
        c.onMessage(credential("p-2", "1111"));
        c.onMessage(credential("p-3", "4821"));
        checks.get(0).complete(false);
        checks.get(1).fail("worker pool gone");
        assertThat(releases.get()).isZero();
        assertThat(stored).extracting(GatewayEvent::result).containsExactly("DENY", "DENY");
        assertThat(stored).allMatch(e -> !e.toString().contains("4821") && !e.toString().contains("1111"));
    }
}
