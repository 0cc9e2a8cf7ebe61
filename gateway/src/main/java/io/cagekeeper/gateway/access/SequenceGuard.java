package io.cagekeeper.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges each signed reader message by its {@code seq} against the reader's high-water mark, so that a
 * message captured and published again is refused even when its msgId has left every cache: a reader
 * counts up by one per message (reader-mqtt.md), so a seq at or below the highest seen is either a late
 * arrival filling a hole that is still open (a broker may reorder under load) or a replay.
 *
 * <p>A forged jump must not blind the guard: a jump of more than {@code maxJump} does not move the
 * high-water mark until the next message continues from it (a real reader that lost that many
 * messages keeps counting from there; an attacker replaying one captured message cannot). A fresh BOOT
 * with a low seq is a factory reset and starts the count again.
 *
 * <p>{@link #classify} is pure; {@link #apply} commits a verdict once the message is known to be new
 * (its durable claim succeeded). Not thread-safe: the gateway's context only.
 */
final class SequenceGuard {

    enum Verdict {
        /** Above the high-water mark: new. */
        IN_ORDER,
        /** Below it, filling a hole still open: new, late. */
        LATE,
        /** At or below the high-water mark and no hole: seen before, or forged. */
        REPLAY,
        /** Too far above the high-water mark to be believed before the reader confirms it. */
        JUMP,
        /** A fresh BOOT with a low seq: the reader was reset and counts from here. */
        RESET;

        boolean accepted() {
            return this == IN_ORDER || this == LATE || this == RESET;
        }
    }

    private final SeqTracker tracker;
    private final long maxJump;
    /** An unconfirmed jump per reader: the seq it jumped to. */
    private final Map<String, Long> pendingJump = new HashMap<>();

    SequenceGuard(Duration gapGrace, long maxJump) {
        this.tracker = new SeqTracker(gapGrace);
        this.maxJump = maxJump;
    }

    /** Takes the high-water mark persisted before a restart. */
    void seed(String readerId, long highWater) {
        tracker.restart(readerId, highWater);
    }

    Verdict classify(String readerId, long seq, boolean freshBoot) {
        Long high = tracker.highest(readerId);
        if (high == null) {
            return Verdict.IN_ORDER;
        }
        if (seq > high) {
            if (seq - high <= maxJump) {
                return Verdict.IN_ORDER;
            }
            Long jump = pendingJump.get(readerId);
            return jump != null && seq > jump && seq - jump <= maxJump ? Verdict.IN_ORDER : Verdict.JUMP;
        }
        if (tracker.inHole(readerId, seq)) {
            return Verdict.LATE;
        }
        return freshBoot ? Verdict.RESET : Verdict.REPLAY;
    }

    /**
     * Commits a verdict. Returns true when the message filled a hole (a late arrival). Replays change
     * nothing; a jump is remembered until a following message confirms it.
     */
    boolean apply(String readerId, long seq, Verdict verdict, Instant at) {
        switch (verdict) {
            case IN_ORDER -> {
                Long jump = pendingJump.remove(readerId);
                if (jump != null && seq > jump) {
                    tracker.observe(readerId, jump, at); // confirmed: the messages before the jump were lost
                }
                return tracker.observe(readerId, seq, at);
            }
            case LATE -> {
                return tracker.observe(readerId, seq, at);
            }
            case RESET -> {
                pendingJump.remove(readerId);
                tracker.restart(readerId, seq);
                return false;
            }
            case JUMP -> {
                pendingJump.put(readerId, seq);
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** The reader's high-water mark, or null before its first message. */
    Long highWater(String readerId) {
        return tracker.highest(readerId);
    }

    /** Holes that stayed open past the grace period: the messages the readers lost. */
    List<SeqTracker.Gap> due(Instant now) {
        return tracker.due(now);
    }
}
