package io.cagekeeper.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.sim.door.DoorModuleSimulator;
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Connecting;
import io.cagekeeper.sim.reader.EmbeddedBroker;
import io.cagekeeper.sim.reader.ReaderConfig;
import io.cagekeeper.sim.reader.ReaderSimulator;
import io.cagekeeper.sim.traffic.TrafficEvent.Kind;
import io.cagekeeper.sim.traffic.TrafficEvent.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Traffic through a mantrap of simulated doors and readers, answered by a fake gateway. */
class CageTrafficIT {

    private static final List<Person> PEOPLE = List.of(
            new Person("ada", Card.h10301(18, 1001), "4821"),
            new Person("bob", Card.c1000(100, 2002), null));
    private static final Set<String> ALLOWED = Set.of(
            "{\"format\":\"H10301\",\"facility\":18,\"number\":1001}",
            "{\"format\":\"C1000\",\"company\":100,\"number\":2002}");
    private static final Mantrap MANTRAP = new Mantrap("outer", "door-outer", "inner", "door-inner", "exit");
    private static final TrafficTiming TIMING = new TrafficTiming(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMillis(10), Duration.ZERO);

    private EmbeddedBroker broker;
    private DoorModuleSimulator module;
    private FakeGateway gateway;
    private Map<String, ReaderSimulator> readers;
    private Map<String, SimulatedDoor> doors;

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker();
        module = DoorModuleSimulator.start("127.0.0.1", 0, 1);
        doors = Map.of("door-outer", new SimulatedDoor("door-outer", module, 0, true, 0, 1),
                "door-inner", new SimulatedDoor("door-inner", module, 1, true, 2, 3));
        gateway = new FakeGateway(broker.uri(), module.port(), Map.of("outer", 0, "inner", 1, "exit", 1), ALLOWED);
        readers = Map.of("outer", reader("outer"), "inner", reader("inner"), "exit", reader("exit"));
        for (ReaderSimulator r : readers.values()) {
            Connecting.connect(r);
        }
    }

    private ReaderSimulator reader(String id) {
        return new ReaderSimulator(ReaderConfig.of(broker.uri(), "dc1", id).withHeartbeat(Duration.ZERO));
    }

    @AfterEach
    void stop() throws Exception {
        readers.values().forEach(ReaderSimulator::close);
        gateway.close();
        module.close();
        broker.close();
    }

    @Test
    void walksPeopleInAndOutAndRecordsEveryIncident() {
        // seed 2 plays every kind of scene within 30 steps (TrafficPlannerTest checks the mix itself)
        CageTraffic traffic = new CageTraffic(readers, doors, MANTRAP, PEOPLE, TIMING, 2);
        for (int i = 0; i < 30; i++) {
            traffic.step();
        }
        List<TrafficEvent> events = traffic.events();

        assertThat(events).hasSize(30);
        for (TrafficEvent e : events) {
            Outcome expected = switch (e.kind()) {
                case ENTRY, HELD_OPEN -> Outcome.ENTERED;
                case EXIT -> Outcome.EXITED;
                case UNKNOWN_CARD, BAD_READ -> Outcome.DENIED;
                case FORCED_OPEN -> Outcome.FORCED;
            };
            assertThat(e.outcome()).as("%s", e).isEqualTo(expected);
        }
        assertThat(events).extracting(TrafficEvent::kind).contains(Kind.values());
        long entries = events.stream().filter(e -> e.outcome() == Outcome.ENTERED).count();
        long exits = events.stream().filter(e -> e.outcome() == Outcome.EXITED).count();
        assertThat(traffic.inside()).hasSize((int) (entries - exits));
        assertThat(doors.values()).allSatisfy(d -> assertThat(d.isOpen()).isFalse());
    }

    @Test
    void stopsARunWhenAskedFromAnotherThread() throws Exception {
        CageTraffic traffic = new CageTraffic(readers, doors, MANTRAP, PEOPLE, TIMING, 1);
        CompletableFuture<List<TrafficEvent>> run = CompletableFuture.supplyAsync(() -> traffic.runFor(Duration.ofMinutes(5)));
        Thread.sleep(1000);
        traffic.stop();
        assertThat(run.get(10, TimeUnit.SECONDS)).isNotEmpty();
    }

    @Test
    void endsARunAtItsDuration() {
        CageTraffic traffic = new CageTraffic(readers, doors, MANTRAP, PEOPLE, TIMING, 2);
        long start = System.nanoTime();
        traffic.runFor(Duration.ofMillis(800));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
