package io.cagekeeper.gateway.bench;

import io.cagekeeper.sim.reader.Card;
import java.util.ArrayList;
import java.util.List;

/**
 * One load phase: credentials at a fixed rate, round-robin over the readers (so each door sees one
 * every {@code doors / rate} seconds, longer than its 100 ms pulse), then the match of what came back:
 * the relay energised on the reader's door and the indication the reader received, both measured from
 * the credential's intended send time. Loss is judged by {@link LossCheck} against PostgreSQL.
 */
final class LoadPhase {

    private final BenchCage cage;
    private final int rate;
    private final int seconds;

    LoadPhase(BenchCage cage, int rate, int seconds) {
        this.cage = cage;
        this.rate = rate;
        this.seconds = seconds;
    }

    /** What a phase measured; {@code keys} are the event keys the gateway must have stored. */
    record Result(int rate, int seconds, int sent, double sendSlipMs, Latencies relay, Latencies indication,
                  int relayUnmatched, int indicationsMissing, int notGranted, List<String> keys,
                  List<Latencies> indicationPerMinute, Latencies indicationFromActualSend, long[] due) {

        /** Publish (intended time) to the gateway's receipt, from the received_at it stored per key. */
        Latencies delivery(java.util.Map<String, Long> receivedAt) {
            Latencies l = new Latencies("publish -> gateway received @" + rate + "/s");
            for (int i = 0; i < keys.size(); i++) {
                Long at = receivedAt.get(keys.get(i));
                if (at != null) {
                    l.recordNanos(at - due[i]);
                }
            }
            return l;
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger PHASES = new java.util.concurrent.atomic.AtomicInteger();

    Result run() throws InterruptedException {
        int doors = cage.doors();
        int count = rate * seconds;
        long[] due = new long[count];
        String[] msgIds = new String[count];
        long[] sentAt = new long[count];
        long[] worstSlip = new long[1];
        cage.relays().clear();
        String prefix = "b" + PHASES.incrementAndGet() + "-";
        cage.expectIndications(prefix, count);
        OpenLoop loop = new OpenLoop(rate);
        loop.run(count, i -> {
            due[i] = loop.dueEpochNanos(i);
            sentAt[i] = EpochNanos.ofMonotonic(System.nanoTime());
            msgIds[i] = cage.presentCard(i % doors, Card.h10301(BenchCage.FACILITY, i % BenchCage.CARDS), prefix + i);
            worstSlip[0] = Math.max(worstSlip[0], System.nanoTime() - loop.dueNanos(i));
        });
        awaitIndications(msgIds);
        Thread.sleep(2 * BenchCage.RELEASE_MS + 200L); // let the last pulses end and their events arrive
        Latencies indication = new Latencies("publish -> indication @" + rate + "/s");
        List<Latencies> perMinute = new ArrayList<>();
        for (int m = 0; m * 60 < seconds; m++) {
            perMinute.add(new Latencies("  minute " + (m + 1) + " indication @" + rate + "/s"));
        }
        Latencies fromSend = new Latencies("send -> indication @" + rate + "/s");
        int notGranted = 0;
        int answered = 0;
        for (int i = 0; i < count; i++) {
            BenchCage.Answer ind = cage.indicationFor(msgIds[i]);
            if (ind == null) {
                continue;
            }
            answered++;
            long latency = ind.receivedEpochNanos() - due[i];
            indication.recordNanos(latency);
            perMinute.get(i / rate / 60).recordNanos(latency);
            fromSend.recordNanos(ind.receivedEpochNanos() - sentAt[i]);
            if (!ind.grant()) {
                notGranted++;
            }
        }
        dump(count, msgIds, due);
        Latencies relay = new Latencies("publish -> relay @" + rate + "/s");
        int unmatched = matchRelays(doors, count, due, relay);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add("reader:" + BenchCage.readerId(i % doors) + ":" + msgIds[i]);
        }
        return new Result(rate, seconds, count, worstSlip[0] / 1e6, relay, indication, unmatched,
                count - answered, notGranted, keys, perMinute, fromSend, due);
    }

    /** With -Dbench.dump=FILE, each credential's due time and indication latency (ns), to look at the tail in time. */
    private void dump(int count, String[] msgIds, long[] due) {
        String file = System.getProperty("bench.dump");
        if (file == null) {
            return;
        }
        try (java.io.PrintWriter w = new java.io.PrintWriter(file + "." + rate + "." + seconds + ".csv")) {
            for (int i = 0; i < count; i++) {
                BenchCage.Answer ind = cage.indicationFor(msgIds[i]);
                w.println(due[i] + "," + (i % cage.doors()) + "," + (ind == null ? -1 : ind.receivedEpochNanos() - due[i]));
            }
        } catch (java.io.IOException e) {
            System.out.println("[bench] dump not written: " + e.getMessage());
        }
    }

    /**
     * Pairs each door's credentials with its relay's energise events. Equal counts pair in order (one
     * module worker per door keeps them in order); otherwise each credential takes the first unused
     * event at or after its send time, and what stays unpaired is counted.
     */
    private int matchRelays(int doors, int count, long[] due, Latencies relay) {
        int unmatched = 0;
        for (int d = 0; d < doors && d < count; d++) {
            long[] events = cage.relays().drain(d);
            int sentHere = (count - d - 1) / doors + 1;
            if (events.length == sentHere) {
                for (int k = 0; k < sentHere; k++) {
                    relay.recordNanos(events[k] - due[d + k * doors]);
                }
                continue;
            }
            int e = 0;
            for (int k = 0; k < sentHere; k++) {
                long sentAt = due[d + k * doors];
                long nextSent = k + 1 < sentHere ? due[d + (k + 1) * doors] : Long.MAX_VALUE;
                while (e < events.length && events[e] < sentAt) {
                    e++;
                }
                if (e < events.length && events[e] < nextSent) {
                    relay.recordNanos(events[e++] - sentAt);
                } else {
                    unmatched++;
                }
            }
        }
        return unmatched;
    }

    private void awaitIndications(String[] msgIds) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int i = 0;
        while (i < msgIds.length && System.nanoTime() < deadline) {
            if (cage.indicationFor(msgIds[i]) != null) {
                i++;
            } else {
                Thread.sleep(50);
            }
        }
    }
}
