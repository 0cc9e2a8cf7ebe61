package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Door module faults: the door stays locked, the reader is told DENY, and the log says why. */
class DeviceFaultsIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();

    @Test
    void aModbusExceptionOnTheReleaseKeepsTheDoorLockedAndIsRecorded() throws Exception {
        Await.until(Duration.ofSeconds(5), "relay off", () -> !env.cage().module.coil(0));
        env.cage().relayChanges.clear();
        env.cage().module.injectException(5, 4); // the next write-single-coil answers "slave device failure"
        String id = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("DENY");
        var row = env.cage().awaitRow("SELECT * FROM events WHERE event_key = 'reader:r1-in:" + id + "'");
        assertThat(row.get("type")).isEqualTo("ACCESS_DENIED");
        assertThat((String) row.get("reasons")).startsWith("[DOOR_RELEASE_FAILED");
        assertThat(env.cage().relayChanges).doesNotContain("0:true");
    }

    @Test
    void aPowerCycledModuleIsReconfiguredAndTheCycleRecorded() throws Exception {
        Thread.sleep(1_100); // the module has been up for a second at least
        long last = maxEventId();
        Instant before = Instant.now();
        env.cage().module.powerCycle();
        var cycled = env.cage().awaitRow("SELECT detail->>'poweredOnAt' AS powered, detail->>'from' AS since FROM events"
                + " WHERE type = 'MODULE_POWER_CYCLED' AND id > " + last);
        assertThat(Instant.parse((String) cycled.get("powered"))).as("from the uptime register")
                .isBetween(before.minusSeconds(2), Instant.now());
        assertThat(Instant.parse((String) cycled.get("since"))).as("the last contact").isBefore(Instant.now());
        Await.until(Duration.ofSeconds(10), "pulse width and watchdog re-applied", () ->
                env.cage().module.holdingRegister(0) == 70 && env.cage().module.holdingRegister(100) == 20
                        && (env.cage().module.inputRegister(10) & 2) == 0);
        Await.until(Duration.ofSeconds(10), "module online", () -> env.cage().gateway.modules().get("m1").online());
        String id = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
    }

    @Test
    void aWatchdogTripWhileTheGatewayWasDownIsRecordedWithItsWindowAtTheNextStart() throws Exception {
        TestCage cage = env.cage();
        Await.until(Duration.ofSeconds(10), "module online", () -> cage.gateway.modules().get("m1").online());
        long before = maxEventId();
        Instant stopping = Instant.now();
        cage.gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Instant stopped = Instant.now();
        Await.until(Duration.ofSeconds(5), "the module's watchdog tripped while no gateway ran",
                () -> (cage.module.inputRegister(10) & 1) == 1);
        Instant restarting = Instant.now();
        cage.restartGateway(); // stopping the stopped gateway again is a no-op; then a new gateway starts
        Await.until(Duration.ofSeconds(10), "module online", () -> cage.gateway.modules().get("m1").online());
        var row = cage.awaitRow("SELECT detail->>'from' AS since, detail->>'to' AS until FROM events"
                + " WHERE type = 'MODULE_WATCHDOG_TRIPPED' AND source = 'module:m1' AND id > " + before);
        assertThat(Instant.parse((String) row.get("since"))).as("the last contact, kept across the restart")
                .isBetween(stopping.minusSeconds(2), stopped);
        assertThat(Instant.parse((String) row.get("until"))).isAfter(restarting);
        cage.awaitRow("SELECT * FROM alarms WHERE type = 'MODULE_WATCHDOG_TRIPPED' AND source = 'module:m1' AND state = 'ACTIVE'");
        Await.until(Duration.ofSeconds(5), "flags cleared only after they were recorded", () -> cage.module.inputRegister(10) == 0);
    }

    private static long maxEventId() throws Exception {
        return ((Number) env.cage().query("SELECT coalesce(max(id), 0) AS m FROM events").get(0).get("m")).longValue();
    }
}
