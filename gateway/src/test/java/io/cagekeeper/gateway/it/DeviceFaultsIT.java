package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Door module faults: the door stays locked, the reader is told DENY, and the log says why. */
class DeviceFaultsIT {

    static Backends backends;
    static TestCage cage;

    @BeforeAll
    static void start() throws Exception {
        backends = Backends.start();
        cage = new TestCage(backends, backends.db().port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cage != null) {
            cage.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void aModbusExceptionOnTheReleaseKeepsTheDoorLockedAndIsRecorded() throws Exception {
        Await.until(Duration.ofSeconds(5), "relay off", () -> !cage.module.coil(0));
        cage.relayChanges.clear();
        cage.module.injectException(5, 4); // the next write-single-coil answers "slave device failure"
        String id = cage.reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(cage.reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("DENY");
        var row = cage.awaitRow("SELECT * FROM events WHERE event_key = 'reader:r1-in:" + id + "'");
        assertThat(row.get("type")).isEqualTo("ACCESS_DENIED");
        assertThat((String) row.get("reasons")).startsWith("[DOOR_RELEASE_FAILED");
        assertThat(cage.relayChanges).doesNotContain("0:true");
    }

    @Test
    void aPowerCycledModuleIsReconfiguredAndTheCycleRecorded() throws Exception {
        cage.module.powerCycle();
        cage.awaitRow("SELECT * FROM events WHERE type = 'MODULE_POWER_CYCLED'");
        Await.until(Duration.ofSeconds(10), "pulse width and watchdog re-applied", () ->
                cage.module.holdingRegister(0) == 70 && cage.module.holdingRegister(100) == 20
                        && (cage.module.inputRegister(10) & 2) == 0);
        Await.until(Duration.ofSeconds(10), "module online", () -> cage.gateway.modules().get("m1").online());
        String id = cage.reader.presentCard(Card.h10301(18, 40211), null);
        assertThat(cage.reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result)).contains("GRANT");
    }
}
