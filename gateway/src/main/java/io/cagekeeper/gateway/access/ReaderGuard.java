package io.cagekeeper.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-reader protection: a token bucket limits how many messages a reader may have handled per
 * second (a stuck or hostile reader cannot starve the others), and a sliding window counts its
 * rejected messages so that a burst raises one alarm per window, not one per message. Not
 * thread-safe: used on the gateway's context only.
 */
public final class ReaderGuard {

    private final double ratePerSecond;
    private final double burst;
    private final int rejectThreshold;
    private final Duration rejectWindow;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, ArrayDeque<Instant>> rejects = new HashMap<>();
    private final Map<String, Instant> lastBurstAlarm = new HashMap<>();

    public ReaderGuard(double ratePerSecond, double burst, int rejectThreshold, Duration rejectWindow) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.rejectThreshold = rejectThreshold;
        this.rejectWindow = rejectWindow;
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    /** Takes a token for one message from {@code readerId}; false when it is over its rate. */
    public boolean admit(String readerId, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(readerId, k -> {
            Bucket n = new Bucket();
            n.tokens = burst;
            n.lastNanos = nowNanos;
            return n;
        });
        b.tokens = Math.min(burst, b.tokens + (nowNanos - b.lastNanos) / 1e9 * ratePerSecond);
        b.lastNanos = nowNanos;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Counts one rejected message; returns the number of rejects in the window when this one takes
     * the reader over the threshold and no burst alarm was raised in the current window, else 0.
     */
    public int rejected(String readerId, Instant at) {
        ArrayDeque<Instant> q = rejects.computeIfAbsent(readerId, k -> new ArrayDeque<>());
        q.addLast(at);
        Instant from = at.minus(rejectWindow);
        while (!q.isEmpty() && q.peekFirst().isBefore(from)) {
            q.removeFirst();
        }
        if (q.size() <= rejectThreshold) {
            return 0;
        }
        Instant last = lastBurstAlarm.get(readerId);
        if (last != null && last.isAfter(from)) {
            return 0;
        }
        lastBurstAlarm.put(readerId, at);
        return q.size();
    }
}
