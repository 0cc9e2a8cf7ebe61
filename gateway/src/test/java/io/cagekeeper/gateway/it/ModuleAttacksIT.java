package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.cagekeeper.gateway.policy.PolicyStore;
import io.cagekeeper.policy.model.AccessLevel;
import io.cagekeeper.policy.model.Door;
import io.cagekeeper.policy.model.DoorSchedule;
import io.cagekeeper.policy.model.Reader;
import io.cagekeeper.policy.model.ReaderSide;
import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.cagekeeper.sim.reader.ReaderSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the door-module path (issue 9), each performed against the running gateway over real
 * Modbus TCP: a second module m2 reached through a {@link ModbusProxy} (door d2, a fail-safe maglock on
 * DO0), the cage's module m1 (door d1, a strike on DO0; door d3, an egress strike on DO2 with the fire
 * input DI7), and a second Modbus client playing the attacker.
 */
class ModuleAttacksIT {

    static final DoorModuleSimulator m2 = startModule();
    static final SimulatedDoor d2 = new SimulatedDoor("d2", m2, 0, false, 0, 1);
    static final ModbusProxy proxy = proxyTo(m2);

    @RegisterExtension
    static final CageExtension env = new CageExtension(Map.ofEntries(
            Map.entry("module.m2.host", "127.0.0.1"), Map.entry("module.m2.port", Integer.toString(proxy.port())),
            Map.entry("module.m2.pollMs", "50"), Map.entry("module.m2.timeoutMs", "2500"), Map.entry("module.m2.watchdogMs", "8000"),
            Map.entry("door.d2.module", "m2"), Map.entry("door.d2.lockRelay", "0"), Map.entry("door.d2.lockType", "fail-safe"),
            Map.entry("door.d2.releaseMs", "700"), Map.entry("door.d2.positionInput", "0"), Map.entry("door.d2.rexInput", "1"),
            Map.entry("door.d3.module", "m1"), Map.entry("door.d3.lockRelay", "2"), Map.entry("door.d3.releaseMs", "700"),
            Map.entry("door.d3.fireInput", "7")));

    static ReaderSimulator r2;

    static DoorModuleSimulator startModule() {
        try {
            return DoorModuleSimulator.start("127.0.0.1", 0, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModbusProxy proxyTo(DoorModuleSimulator module) {
        try {
            return new ModbusProxy("127.0.0.1", module.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void secondDoor() throws Exception {
        TestCage cage = env.cage();
        List<PolicyStore.Statement> s = new ArrayList<>();
        s.add(PolicyStore.upsertDoor(new Door("d2", "Second cage door", "hall", "cage", null)));
        s.add(PolicyStore.upsertReader(new Reader("r2-in", "d2", ReaderSide.ENTRY)));
        s.addAll(PolicyStore.putAccessLevel(new AccessLevel("cage", "Cage",
                List.of(new DoorSchedule("d1", "always"), new DoorSchedule("d2", "always")))));
        cage.change(s);
        r2 = new ReaderSimulator(cage.readerConfig("r2-in"));
        r2.connect();
        Await.until(Duration.ofSeconds(10), "module m2 online", () -> cage.gateway.modules().get("m2").online());
    }

    /**
     * The second module and its proxy stay up (daemon threads, gone with the JVM): failsafe reruns a
     * failed class in the same JVM, with a new cage configured for this same proxy port.
     */
    @AfterAll
    static void closeSecondReader() throws Exception {
        if (r2 != null) {
            r2.close();
        }
    }

    /** Both modules online, every lock locked, the proxy passing everything. */
    @BeforeEach
    void settle() {
        proxy.dropRepliesTo(5, Duration.ZERO);
        proxy.stallPollReplies(Duration.ZERO);
        Await.until(Duration.ofSeconds(15), "modules online and every door locked", () ->
                env.cage().gateway.modules().get("m1").online() && env.cage().gateway.modules().get("m2").online()
                        && !env.cage().module.coil(0) && !env.cage().module.coil(2) && m2.coil(0));
    }

    private static Optional<String> present(ReaderSimulator reader, Duration wait) {
        String id = reader.presentCard(Card.h10301(18, 40211), null);
        return reader.awaitIndication(id, wait).map(Indication::result);
    }

    private static long maxEventId() throws Exception {
        Object max = env.cage().query("SELECT coalesce(max(id), 0) AS m FROM events").get(0).get("m");
        return ((Number) max).longValue();
    }

    private static ModbusTCPMaster attacker(int port) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port, 1000, false);
        m.connect();
        return m;
    }

    @Test
    void aReleaseWhoseReplyIsLostIsRelockedAndReadBack() throws Exception {
        long before = maxEventId();
        proxy.dropRepliesTo(5, Duration.ofSeconds(60)); // every write-single-coil reaches m2, no answer comes back
        assertThat(present(r2, Duration.ofSeconds(30))).as("no confirmed release, no GRANT").contains("DENY");
        assertThat(proxy.dropped()).isPositive();
        // the write did release the maglock (relay de-energised); the gateway must relock it although its
        // write replies still get lost, and know it did by reading the relay back
        Await.until(Duration.ofSeconds(8), "maglock relocked (relay energised)", () -> m2.coil(0));
        Thread.sleep(1_000);
        assertThat(m2.coil(0)).as("still locked a second later").isTrue();
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'RELEASE_UNCONFIRMED' AND door_id = 'd2' AND id > " + before);
        env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'RELEASE_UNCONFIRMED' AND source = 'door:d2'");
    }

    @Test
    void aReleaseIsNotDelayedByAStalledPollConnection() throws Exception {
        proxy.stallPollReplies(Duration.ofMillis(1_500));
        Thread.sleep(2_000); // the poll connection is now busy waiting for its replies nearly all the time
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong releasedAt = new java.util.concurrent.atomic.AtomicLong();
        m2.addCoilListener((channel, energised, at) -> {
            if (channel == 0 && !energised) {
                releasedAt.compareAndSet(0, System.nanoTime());
            }
        });
        Optional<String> answer = present(r2, Duration.ofSeconds(10));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("stalled poll: answer after " + ms + " ms, relay released after " + (releasedAt.get() - t0) / 1_000_000 + " ms");
        assertThat(answer).contains("GRANT");
        assertThat(ms).as("answer delay in ms (a release behind a stalled poll would wait up to 1.5 s per request)").isLessThan(700);
        proxy.stallPollReplies(Duration.ZERO);
    }

    @Test
    void aStrikeReleasedByAnotherModbusClientIsRaisedRelockedAndAnOpeningDuringItIsForced() throws Exception {
        long before = maxEventId();
        ModbusTCPMaster evil = attacker(env.cage().module.port());
        try {
            evil.writeSingleRegister(1, 0, new SimpleRegister(0)); // latch the strike: no pulse would end it
            evil.writeCoil(1, 0, true);
        } finally {
            evil.disconnect();
        }
        Thread.sleep(20);
        env.cage().door.open();
        Await.until(Duration.ofSeconds(3), "strike relocked", () -> !env.cage().module.coil(0));
        Await.until(Duration.ofSeconds(3), "pulse width rewritten", () -> env.cage().module.holdingRegister(0) == 70);
        env.cage().door.close();
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'UNEXPECTED_RELEASE' AND door_id = 'd1' AND id > " + before);
        env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'UNEXPECTED_RELEASE' AND source = 'door:d1' AND state = 'ACTIVE'");
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'MODULE_CONFIG_MISMATCH' AND source = 'module:m1' AND id > " + before);
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'DOOR_FORCED_OPEN' AND door_id = 'd1' AND id > " + before);
        assertThat(env.cage().query("SELECT * FROM events WHERE type = 'DOOR_OPENED' AND door_id = 'd1' AND id > " + before))
                .as("an opening while someone else released the lock is not a granted one").isEmpty();
    }

    @Test
    void aMaglockReleasedByAnotherModbusClientIsRaisedAndRelocked() throws Exception {
        long before = maxEventId();
        ModbusTCPMaster evil = attacker(m2.port());
        try {
            evil.writeCoil(1, 0, false); // a maglock is released by removing power
        } finally {
            evil.disconnect();
        }
        Await.until(Duration.ofSeconds(3), "maglock relocked", () -> m2.coil(0));
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'UNEXPECTED_RELEASE' AND door_id = 'd2' AND id > " + before);
    }

    @Test
    void aWatchdogOrSafeStateChangedByAnotherClientIsRaisedAndRewritten() throws Exception {
        long before = maxEventId();
        ModbusTCPMaster evil = attacker(env.cage().module.port());
        try {
            evil.writeSingleRegister(1, 100, new SimpleRegister(0)); // watchdog off: a dead gateway would leave doors as they are
            evil.writeSingleRegister(1, 101, new SimpleRegister(0b101)); // safe state: both strikes energised (released)
        } finally {
            evil.disconnect();
        }
        Await.until(Duration.ofSeconds(3), "watchdog and safe state rewritten", () ->
                env.cage().module.holdingRegister(100) == 20 && env.cage().module.holdingRegister(101) == 0);
        var row = env.cage().awaitRow("SELECT * FROM events WHERE type = 'MODULE_CONFIG_MISMATCH' AND source = 'module:m1' AND id > " + before);
        assertThat((String) row.get("sentence")).contains("register 100");
        env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'MODULE_CONFIG_MISMATCH' AND source = 'module:m1' AND state = 'ACTIVE'");
    }

    @Test
    void aFailedFireRestoreIsAlarmedAndRetriedUntilTheStrikeReadsBackLocked() throws Exception {
        long before = maxEventId();
        env.cage().module.setInput(7, true); // fire alarm: the egress strike d3 is latched released
        Await.until(Duration.ofSeconds(3), "egress strike held released", () ->
                env.cage().module.coil(2) && env.cage().module.holdingRegister(2) == 0);
        env.cage().module.injectException(5, 4); // the restore's coil write is refused once
        env.cage().module.setInput(7, false);
        Await.until(Duration.ofSeconds(5), "strike relocked with its pulse width back", () ->
                !env.cage().module.coil(2) && env.cage().module.holdingRegister(2) == 70);
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'FIRE_RESTORE_FAILED' AND door_id = 'd3' AND id > " + before);
        env.cage().awaitRow("SELECT * FROM alarms WHERE type = 'FIRE_RESTORE_FAILED' AND source = 'door:d3' AND state = 'CLEARED'");
    }

    @Test
    void aPowerCycleUnderTrafficMakesAHandfulOfEventsAndDoesNotDelayAnotherDoor() throws Exception {
        for (int i = 0; i < 10; i++) { // the change counter of d1's position switch moves away from 0
            env.cage().door.open();
            Thread.sleep(80);
            env.cage().door.close();
            Thread.sleep(80);
        }
        Thread.sleep(1_500);
        long before = maxEventId();
        Thread.sleep(1_100); // uptime has counted at least a second since: a cycle is visible as uptime going back too
        env.cage().module.powerCycle();
        long t0 = System.nanoTime();
        env.cage().door.open(); // forced while the gateway reconnects: counted by the module from 0
        Thread.sleep(30);
        env.cage().door.close();
        Optional<String> answer = present(r2, Duration.ofSeconds(10));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(answer).contains("GRANT");
        assertThat(ms).as("answer delay at the other module's door during the cycle, ms").isLessThan(2_000);
        env.cage().awaitRow("SELECT * FROM events WHERE type = 'MODULE_POWER_CYCLED' AND source = 'module:m1' AND id > " + before);
        Thread.sleep(3_000);
        long doorEvents = ((Number) env.cage().query("SELECT count(*) AS n FROM events WHERE source = 'door:d1' AND id > " + before)
                .get(0).get("n")).longValue();
        System.out.println("door events of d1 after the power cycle: " + doorEvents + ", answer at d2 after " + ms + " ms");
        assertThat(doorEvents).as("door events of d1 made by the power cycle and the one forced opening").isLessThanOrEqualTo(4);
        assertThat(env.cage().query("SELECT * FROM events WHERE type = 'DOOR_FORCED_OPEN' AND door_id = 'd1' AND id > " + before))
                .as("the opening during the cycle, seen once").hasSize(1);
    }
}
