package io.cagekeeper.sim.traffic;

import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.cagekeeper.sim.reader.ReaderSimulator;
import io.cagekeeper.sim.traffic.TrafficEvent.Kind;
import io.cagekeeper.sim.traffic.TrafficEvent.Outcome;
import io.cagekeeper.sim.traffic.TrafficPlanner.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scripted, seeded traffic through one mantrap, to drive the gateway end to end the way people do:
 * normal entries (outer door, then inner door), exits by exit reader or REX, and now and then an unknown
 * card, a misread frame with bad parity, a forced door or a door held open too long. The gateway decides;
 * the traffic only presents cards, waits for the reader's final answer (a PENDING is not final) and pushes
 * on the doors, and records what physically happened as {@link TrafficEvent}s for reconciliation.
 *
 * <p>One scene runs at a time on the calling thread. {@link #runFor} is bounded by its duration and by
 * {@link #stop()}, which any thread may call; a scene in progress finishes first (it is bounded by the
 * timing's timeouts). Who is inside is the traffic's own belief, from the scenes it completed.
 */
public final class CageTraffic {

    private static final long POLL_MS = 5;

    private final Map<String, ReaderSimulator> readers;
    private final Map<String, SimulatedDoor> doors;
    private final Mantrap mantrap;
    private final TrafficTiming timing;
    private final TrafficPlanner planner;
    private final Set<String> inside = new TreeSet<>();
    private final List<TrafficEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    /**
     * @param readers  reader simulators by name, connected; must contain the mantrap's readers
     * @param doors    simulated doors by name; must contain the mantrap's doors
     * @param persons  who walks around (all start outside)
     * @param seed     the same seed gives the same script, given the same answers from the gateway
     */
    public CageTraffic(Map<String, ReaderSimulator> readers, Map<String, SimulatedDoor> doors, Mantrap mantrap,
                       List<Person> persons, TrafficTiming timing, long seed) {
        this.readers = Map.copyOf(readers);
        this.doors = Map.copyOf(doors);
        this.mantrap = mantrap;
        this.timing = timing;
        this.planner = new TrafficPlanner(persons, seed);
        for (String r : new String[] {mantrap.outerReader(), mantrap.innerReader(), mantrap.exitReaderOrNull()}) {
            if (r != null && !readers.containsKey(r)) {
                throw new IllegalArgumentException("no reader named " + r);
            }
        }
        if (!doors.containsKey(mantrap.outerDoor()) || !doors.containsKey(mantrap.innerDoor())) {
            throw new IllegalArgumentException("the mantrap's doors must both be given");
        }
    }

    /** Plays scenes until {@code duration} has passed or {@link #stop()} is called; returns their events. */
    public List<TrafficEvent> runFor(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        List<TrafficEvent> played = new ArrayList<>();
        while (!stopped && System.nanoTime() - deadline < 0) {
            played.add(step());
            if (!timing.pause().isZero()) {
                Pause.sleep(timing.pause());
            }
        }
        return played;
    }

    /** Plays one scene, chosen by the seeded planner. */
    public TrafficEvent step() {
        Plan plan;
        synchronized (inside) {
            plan = planner.next(inside);
        }
        TrafficEvent e = switch (plan.kind()) {
            case ENTRY -> enter(plan, timing.walk());
            case HELD_OPEN -> enter(plan, timing.heldTooLong());
            case EXIT -> exit(plan);
            case UNKNOWN_CARD, BAD_READ -> denied(plan);
            case FORCED_OPEN -> forced(plan);
        };
        events.add(e);
        return e;
    }

    public void stop() {
        stopped = true;
    }

    public List<TrafficEvent> events() {
        return List.copyOf(events);
    }

    /** Names of the persons the traffic believes are inside. */
    public Set<String> inside() {
        synchronized (inside) {
            return Set.copyOf(inside);
        }
    }

    // --- scenes --------------------------------------------------------------------------------------

    private TrafficEvent enter(Plan plan, Duration outerHold) {
        Person p = plan.person();
        List<String> msgIds = new ArrayList<>();
        Outcome outer = badgeAndPass(mantrap.outerReader(), mantrap.outerDoor(), p.card(), p.pinOrNull(), outerHold, msgIds);
        if (outer != null) {
            return event(plan, msgIds, outer);
        }
        Outcome inner = badgeAndPass(mantrap.innerReader(), mantrap.innerDoor(), p.card(), p.pinOrNull(), timing.walk(), msgIds);
        if (inner != null) {
            rexThrough(mantrap.outerDoor());
            return event(plan, msgIds, Outcome.TURNED_BACK);
        }
        setInside(p, true);
        return event(plan, msgIds, Outcome.ENTERED);
    }

    private TrafficEvent exit(Plan plan) {
        Person p = plan.person();
        List<String> msgIds = new ArrayList<>();
        String exitReader = mantrap.exitReaderOrNull();
        if (plan.viaExitReader() && exitReader != null) {
            Outcome o = badgeAndPass(exitReader, mantrap.innerDoor(), p.card(), p.pinOrNull(), timing.walk(), msgIds);
            if (o != null) {
                return event(plan, msgIds, o);
            }
        } else {
            rexThrough(mantrap.innerDoor());
        }
        rexThrough(mantrap.outerDoor());
        setInside(p, false);
        return event(plan, msgIds, Outcome.EXITED);
    }

    private TrafficEvent denied(Plan plan) {
        List<String> msgIds = new ArrayList<>();
        Outcome o = badgeAndPass(mantrap.outerReader(), mantrap.outerDoor(), plan.card(), null, timing.walk(), msgIds);
        return event(plan, msgIds, o == null ? Outcome.ENTERED : o);
    }

    private TrafficEvent forced(Plan plan) {
        SimulatedDoor door = doors.get(plan.innerDoor() ? mantrap.innerDoor() : mantrap.outerDoor());
        door.open();
        Pause.sleep(timing.walk());
        door.close();
        return event(plan, List.of(), Outcome.FORCED);
    }

    /** Badges and, if granted and released, passes the door; null on success, else why not. */
    private Outcome badgeAndPass(String readerName, String doorName, Card card, String pin, Duration hold,
                                 List<String> msgIds) {
        ReaderSimulator reader = readers.get(readerName);
        String msgId = reader.presentCard(card, pin);
        msgIds.add(msgId);
        Indication answer = finalAnswer(reader, msgId);
        if (answer == null) {
            return Outcome.NO_ANSWER;
        }
        if (!answer.isGrant()) {
            return Outcome.DENIED;
        }
        return doors.get(doorName).pushThrough(timing.releaseWait(), hold) ? null : Outcome.NOT_RELEASED;
    }

    /** The last non-PENDING indication for {@code msgId}, or null if none comes within the timeout. */
    private Indication finalAnswer(ReaderSimulator reader, String msgId) {
        long deadline = System.nanoTime() + timing.answerTimeout().toNanos();
        while (true) {
            for (Indication i : reader.indications()) {
                if (msgId.equals(i.replyTo()) && !"PENDING".equals(i.result())) {
                    return i;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            Pause.sleep(Duration.ofMillis(POLL_MS));
        }
    }

    private void rexThrough(String doorName) {
        SimulatedDoor door = doors.get(doorName);
        door.pressRex(timing.rexPress());
        door.open();
        Pause.sleep(timing.walk());
        door.close();
    }

    private void setInside(Person p, boolean in) {
        synchronized (inside) {
            if (in) {
                inside.add(p.name());
            } else {
                inside.remove(p.name());
            }
        }
    }

    private static TrafficEvent event(Plan plan, List<String> msgIds, Outcome outcome) {
        Kind kind = plan.kind();
        return new TrafficEvent(Instant.now(), kind, plan.person() == null ? null : plan.person().name(),
                List.copyOf(msgIds), outcome);
    }
}
