package io.cagekeeper.demo;

import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.sim.door.SimulatedDoor;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.cagekeeper.sim.reader.ReaderSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted day in the cage, looping: Alice passes the mantrap in and out, escorts her visitor Vera
 * (PENDING until Alice badges), a lost badge, a
 * terminated employee, an unknown card and a misread are refused, Bob's office-hours badge works only
 * in office hours, and now and then someone forces the outer door. Runs on its own thread and stops
 * when asked.
 */
final class DemoTraffic implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final Map<String, ReaderSimulator> readers;
    private final SimulatedDoor outer;
    private final SimulatedDoor inner;
    private final AtomicBoolean running = new AtomicBoolean(true);

    DemoTraffic(Map<String, ReaderSimulator> readers, SimulatedDoor outer, SimulatedDoor inner) {
        this.readers = readers;
        this.outer = outer;
        this.inner = inner;
    }

    void stop() {
        running.set(false);
    }

    @Override
    public void run() {
        int cycle = 0;
        while (running.get()) {
            try {
                cycle++;
                // Alice walks in through the mantrap, then out again.
                if (badge("outer-in", DemoSite.ALICE, "Alice")) {
                    outer.pushThrough(WAIT, Duration.ofMillis(1500));
                }
                pause(800);
                if (badge("inner-in", DemoSite.ALICE, "Alice")) {
                    inner.pushThrough(WAIT, Duration.ofMillis(1500));
                }
                pause(1500);
                badge("outer-in", DemoSite.CAROL, "Carol (badge reported lost)");
                pause(1000);
                badge("outer-in", DemoSite.DAVE, "Dave (terminated yesterday)");
                pause(1000);
                badge("outer-in", DemoSite.UNKNOWN, "a stranger");
                pause(1000);
                present("outer-in", Card.raw("03FFFFFF", 26), "a damaged card");
                pause(1000);
                if (badge("outer-in", DemoSite.BOB, "Bob (office hours only)")) {
                    outer.pushThrough(WAIT, Duration.ofMillis(1000));
                }
                pause(1500);
                // every other cycle Alice fetches her visitor from the hall and escorts her in and out
                if (cycle % 2 == 0) {
                    escortedVisit();
                }
                if (badge("inner-out", DemoSite.ALICE, "Alice, leaving")) {
                    inner.pushThrough(WAIT, Duration.ofMillis(1500));
                }
                pause(800);
                outer.pressRex(Duration.ofMillis(300));
                outer.open();
                pause(1200);
                outer.close();
                if (cycle % 3 == 0) {
                    LOG.info("demo: someone forces the outer door");
                    outer.open();
                    pause(1500);
                    outer.close();
                }
                pause(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("demo traffic step failed: {}", e.getMessage());
                try {
                    pause(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Alice walks out through the mantrap, Vera (a visitor) badges and waits (PENDING), Alice badges
     * at the same door and both pass; the same at the inner door; then both leave together.
     */
    private void escortedVisit() throws InterruptedException {
        pass("inner-out", DemoSite.ALICE, "Alice, going out to fetch her visitor", inner);
        pass("outer-out", DemoSite.ALICE, "Alice, out to the hall", outer);
        for (var door : java.util.List.of(java.util.Map.entry("outer-in", outer), java.util.Map.entry("inner-in", inner))) {
            badge(door.getKey(), DemoSite.VERA, "Vera (visitor, waits for her escort)");
            pause(500);
            pass(door.getKey(), DemoSite.ALICE, "Alice, escorting Vera", door.getValue());
        }
        pause(1500);
        badge("inner-out", DemoSite.VERA, "Vera, leaving (waits for her escort)");
        pause(500);
        pass("inner-out", DemoSite.ALICE, "Alice, leaving with Vera", inner);
        outer.pressRex(Duration.ofMillis(300));
        outer.open();
        pause(1200);
        outer.close();
        pause(800);
        // Alice goes back in for the rest of the script
        pass("outer-in", DemoSite.ALICE, "Alice", outer);
        pass("inner-in", DemoSite.ALICE, "Alice", inner);
    }

    /** Badges and, when granted, walks through the door. */
    private void pass(String reader, CardNumber card, String who, SimulatedDoor door) throws InterruptedException {
        if (badge(reader, card, who)) {
            door.pushThrough(WAIT, Duration.ofMillis(1000));
        }
        pause(600);
    }

    private boolean badge(String reader, CardNumber card, String who) {
        return present(reader, Card.h10301(card.facility(), (int) card.number()), who);
    }

    private boolean present(String reader, Card card, String who) {
        ReaderSimulator r = readers.get(reader);
        String msgId = r.presentCard(card, null);
        Optional<Indication> shown = r.awaitIndication(msgId, WAIT);
        LOG.info("demo: {} badges at {} -> {}", who, reader, shown.map(Indication::result).orElse("no answer"));
        return shown.map(i -> "GRANT".equals(i.result())).orElse(false);
    }

    private void pause(long ms) throws InterruptedException {
        if (!running.get()) {
            throw new InterruptedException("stopping");
        }
        Thread.sleep(ms);
    }
}
