package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import java.time.Duration;
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
        env.cage().module.powerCycle();
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'MODULE_POWER_CYCLED'");
        Await.until(Duration.ofSeconds(10), "pulse width and watchdog re-applied", () ->
                env.cage().module.holdingRegister(0) == 70 && env.cage().module.holdingRegister(100) == 20
                        && (env.cage().module.inputRegister(10) & 2) == 0);
        Await.until(Duration.ofSeconds(10), "module online", () -> env.cage().gateway.modules().get("m1").online());
        String id = env.cage().reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
    }
}
