package io.cagekeeper.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Follows each reader's {@code seq} and says which messages the reader lost. A jump in seq is not a
 * loss by itself: under load a broker may hand over a reader's messages out of order (seen with
 * Mosquitto 2.0.11 once its in-flight window to the gateway was full), and the "missing" seq then
 * arrives a moment later. So a hole is only reported once it has stayed open for the grace period;
 * a late arrival fills it. Holes are kept as ranges, so a reader jumping by millions costs one entry.
 * Not thread-safe: used on the gateway's context only.
 */
final class SeqTracker {

    /** Seqs {@code from..to} of a reader never arrived; {@code revealedBy} was the message that showed it. */
    record Gap(String readerId, long from, long to, long revealedBy, Instant noticedAt) {
        long count() {
            return to - from + 1;
        }
    }

    private static final class Hole {
        long from;
        long to;
        final long revealedBy;
        final Instant noticedAt;

        Hole(long from, long to, long revealedBy, Instant noticedAt) {
            this.from = from;
            this.to = to;
            this.revealedBy = revealedBy;
            this.noticedAt = noticedAt;
        }
    }

    private final Duration grace;
    private final Map<String, Long> last = new HashMap<>();
    private final Map<String, List<Hole>> holes = new HashMap<>();

    SeqTracker(Duration grace) {
        this.grace = grace;
    }

    /**
     * Takes one message's seq. Returns true when it fills a hole (a late arrival, not a loss).
     * A seq at or below the highest seen that fills no hole is a redelivery or a reader reset: ignored.
     */
    boolean observe(String readerId, long seq, Instant at) {
        Long previous = last.get(readerId);
        if (previous == null || seq > previous) {
            last.put(readerId, seq);
            if (previous != null && seq > previous + 1) {
                holes.computeIfAbsent(readerId, k -> new ArrayList<>()).add(new Hole(previous + 1, seq - 1, seq, at));
            }
            return false;
        }
        List<Hole> open = holes.get(readerId);
        if (open == null) {
            return false;
        }
        for (int i = 0; i < open.size(); i++) {
            Hole h = open.get(i);
            if (seq < h.from || seq > h.to) {
                continue;
            }
            if (h.from == h.to) {
                open.remove(i);
            } else if (seq == h.from) {
                h.from++;
            } else if (seq == h.to) {
                h.to--;
            } else {
                open.add(i + 1, new Hole(seq + 1, h.to, h.revealedBy, h.noticedAt));
                h.to = seq - 1;
            }
            if (open.isEmpty()) {
                holes.remove(readerId);
            }
            return true;
        }
        return false;
    }

    /** The highest seq seen from the reader, or null. */
    Long highest(String readerId) {
        return last.get(readerId);
    }

    /** Whether {@code seq}, at or below the highest seen, lies in one of the reader's open holes (a late arrival). */
    boolean inHole(String readerId, long seq) {
        List<Hole> open = holes.get(readerId);
        if (open != null) {
            for (Hole h : open) {
                if (seq >= h.from && seq <= h.to) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Starts the reader's sequence again at {@code seq} (a restart of the gateway, or a reset of the reader): no holes. */
    void restart(String readerId, long seq) {
        holes.remove(readerId);
        last.put(readerId, seq);
    }

    /** The holes open for longer than the grace period at {@code now}: lost for good. Forgets them. */
    List<Gap> due(Instant now) {
        List<Gap> out = new ArrayList<>();
        Instant cutoff = now.minus(grace);
        for (Iterator<Map.Entry<String, List<Hole>>> it = holes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<Hole>> e = it.next();
            for (Iterator<Hole> hs = e.getValue().iterator(); hs.hasNext(); ) {
                Hole h = hs.next();
                if (!h.noticedAt.isAfter(cutoff)) {
                    out.add(new Gap(e.getKey(), h.from, h.to, h.revealedBy, h.noticedAt));
                    hs.remove();
                }
            }
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
        return out;
    }
}
