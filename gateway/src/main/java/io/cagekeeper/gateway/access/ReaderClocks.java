package io.cagekeeper.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each reader's clock offset (server clock minus reader clock), so that the age of a credential can be
 * judged on the reader's own clock corrected, not on a reader clock that may be minutes off.
 *
 * <p>Samples come only from messages the gateway can trust to be new and genuine: signed heartbeats,
 * BOOT and CLOCK_SET events that passed the replay checks. Each sample is {@code receivedAt - ts}: the
 * clock difference plus the delivery delay, which is never negative; so the smallest of the recent
 * samples is the best estimate, and a heartbeat held back by an attacker (or a backlog delivered after
 * an outage) only makes its own sample larger, which the minimum ignores. CLOCK_SET starts afresh.
 * Not thread-safe: the gateway's context only.
 */
final class ReaderClocks {

    static final int SAMPLES = 10;

    private final Map<String, ArrayDeque<Long>> samples = new HashMap<>();

    /** Takes the samples persisted before a restart, oldest first. */
    void seed(String readerId, List<Long> offsetsMs) {
        ArrayDeque<Long> q = new ArrayDeque<>();
        for (Long o : offsetsMs) {
            add(q, o);
        }
        samples.put(readerId, q);
    }

    /** Adds one sample; returns the reader's samples after it, oldest first (to persist). */
    List<Long> sample(String readerId, Instant deviceTs, Instant receivedAt, boolean clockWasSet) {
        ArrayDeque<Long> q = samples.computeIfAbsent(readerId, k -> new ArrayDeque<>());
        if (clockWasSet) {
            q.clear();
        }
        add(q, Duration.between(deviceTs, receivedAt).toMillis());
        return List.copyOf(q);
    }

    /** The estimated offset in ms; 0 for a reader not heard from yet (its clock is taken as right). */
    long offsetMs(String readerId) {
        ArrayDeque<Long> q = samples.get(readerId);
        if (q == null || q.isEmpty()) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        for (long s : q) {
            min = Math.min(min, s);
        }
        return min;
    }

    /** How long before {@code receivedAt} the reader read the card, on its corrected clock (negative: in the future). */
    Duration age(String readerId, Instant deviceTs, Instant receivedAt) {
        return Duration.ofMillis(Duration.between(deviceTs, receivedAt).toMillis() - offsetMs(readerId));
    }

    /** True when the message is older (or further in the future) than {@code limit} on the corrected clock. */
    boolean stale(String readerId, Instant deviceTs, Instant receivedAt, Duration limit) {
        return age(readerId, deviceTs, receivedAt).abs().compareTo(limit) > 0;
    }

    /**
     * Staleness of a message that itself carries a clock sample (HEARTBEAT, BOOT, CLOCK_SET): judged
     * against the offset as it would be with this sample taken, so the first heartbeat of a reader whose
     * clock is minutes off teaches the clock instead of being refused by it; once the reader has history,
     * a heartbeat delivered long after it was sent is stale (its sample exceeds the smallest by more
     * than {@code limit}) and is not taken.
     */
    boolean staleAsSample(String readerId, Instant deviceTs, Instant receivedAt, Duration limit, boolean clockWasSet) {
        ArrayDeque<Long> q = samples.get(readerId);
        if (clockWasSet || q == null || q.isEmpty()) {
            return false;
        }
        long sample = Duration.between(deviceTs, receivedAt).toMillis();
        return sample - Math.min(sample, offsetMs(readerId)) > limit.toMillis();
    }

    private static void add(ArrayDeque<Long> q, long sample) {
        q.addLast(sample);
        while (q.size() > SAMPLES) {
            q.removeFirst();
        }
    }
}
